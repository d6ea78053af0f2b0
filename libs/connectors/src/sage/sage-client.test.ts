import assert from 'node:assert/strict';
import { after, before, beforeEach, test } from 'node:test';
import axios from 'axios';
import {
  AuthorizationRevokedError,
  PermanentUpstreamError,
  RateLimitedError,
  TransientUpstreamError,
} from '../../../platform/src/errors.js';
import { requestProblems } from '../../../../simulators/sage/test/support/spec-validator.js';
import { startSim, type Sim } from '../../../../simulators/sage/test/support/harness.js';
import { createSageClient, type SageClient } from './sage-client.js';
import { toAmount, type SageContact, type SageSalesInvoice } from './sage-types.js';

let sim: Sim;
let sent: { method: string; url: string; data: unknown; params: unknown; headers: Record<string, unknown> }[];
let refreshes: number;

/** A client whose every request is recorded, so bodies can be checked against the spec. */
function clientFor(
  options: { token?: () => string; businessId?: string; timeoutMs?: number } = {},
): SageClient {
  const http = axios.create();
  http.interceptors.request.use((config) => {
    sent.push({
      method: (config.method ?? 'get').toUpperCase(),
      url: config.url ?? '',
      data: config.data,
      params: config.params,
      headers: { ...(config.headers as Record<string, unknown>) },
    });
    return config;
  });
  return createSageClient({
    baseUrl: `${sim.url}/v3.1`,
    getAccessToken: async () => (options.token ? options.token() : sim.token),
    refreshAccessToken: async () => {
      refreshes += 1;
      sim.token = sim.simulator.issueTokens().accessToken;
      return sim.token;
    },
    http,
    ...(options.businessId ? { businessId: options.businessId } : {}),
    ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
  });
}

before(async () => {
  sim = await startSim();
});
beforeEach(async () => {
  await sim.control('POST', '/reset');
  sent = [];
  refreshes = 0;
});
after(() => sim.close());

function assertSentBodiesMatchSpec(): void {
  for (const request of sent.filter((r) => r.method === 'POST' || r.method === 'PUT')) {
    const template = new URL(request.url).pathname.replace(/\/[0-9a-f]{32}$/, '/{id}');
    assert.deepEqual(
      requestProblems(request.method, template, request.data),
      [],
      `${request.method} ${template}`,
    );
  }
}

test('createContact wraps the body, adds the idempotency_id and sends a spec-valid request', async () => {
  const client = clientFor();
  const contact = await client.createContact(
    {
      name: 'Acme Widgets Ltd',
      contact_type_ids: ['CUSTOMER'],
      reference: 'ACME01',
      main_address: { address_line_1: '1 High St', city: 'Leeds', postal_code: 'LS1 1AA', country_id: 'GB' },
      main_contact_person: { name: 'Jane Doe', email: 'jane@acme.test', telephone: '0113 000000' },
    },
    { idempotencyId: '7f3c0a9e5b2d4c1e8a6f0b3d2c1e4f5a' },
  );
  assert.equal(contact.name, 'Acme Widgets Ltd');
  assert.equal(contact.main_address?.city, 'Leeds');
  const post = sent.find((r) => r.method === 'POST')!;
  assert.equal(
    (post.data as { contact: { idempotency_id: string } }).contact.idempotency_id,
    '7f3c0a9e5b2d4c1e8a6f0b3d2c1e4f5a',
  );
  assertSentBodiesMatchSpec();
});

test('a create retried with the same idempotency id returns the same contact and creates nothing new', async () => {
  const client = clientFor();
  const body = { name: 'Once Ltd', contact_type_ids: ['CUSTOMER' as const] };
  const first = await client.createContact(body, { idempotencyId: 'abcdefabcdefabcdefabcdefabcdef12' });
  const second = await client.createContact(body, { idempotencyId: 'abcdefabcdefabcdefabcdefabcdef12' });
  assert.equal(second.id, first.id);
  assert.equal((await client.findContacts({ search: 'Once' })).length, 1);
});

test('updateContact and getContact round-trip through PUT and GET', async () => {
  const client = clientFor();
  const created = await client.createContact({ name: 'Before', contact_type_ids: ['CUSTOMER'] });
  const updated = await client.updateContact(created.id, {
    name: 'After',
    main_contact_person: { telephone: '0200' },
  });
  assert.equal(updated.name, 'After');
  const read = await client.getContact(created.id);
  assert.equal(read.main_contact_person?.telephone, '0200');
  assertSentBodiesMatchSpec();
});

test('findContacts filters by email through the API and by exact reference on top of search', async () => {
  const client = clientFor();
  await client.createContact({ name: 'Ref One', contact_type_ids: ['CUSTOMER'], reference: 'AB1' });
  await client.createContact({ name: 'Ref Two', contact_type_ids: ['CUSTOMER'], reference: 'AB12' });
  await client.createContact({
    name: 'Mail',
    contact_type_ids: ['CUSTOMER'],
    main_contact_person: { email: 'm@x.test' },
  });
  assert.deepEqual(
    (await client.findContacts({ reference: 'ab1' })).map((c) => c.name),
    ['Ref One'],
  );
  assert.deepEqual(
    (await client.findContacts({ email: 'm@x.test' })).map((c) => c.name),
    ['Mail'],
  );
  const get = sent.find((r) => r.method === 'GET' && r.url.endsWith('/contacts'));
  assert.ok(get);
});

test('list pages with items_per_page 200 and follows $next until it is null', async () => {
  await sim.control('POST', '/seed', { resource: 'contacts', count: 450 });
  const client = clientFor();
  const ids = new Set<string>();
  for await (const contact of client.list<SageContact>('contacts')) ids.add(contact.id);
  assert.equal(ids.size, 450);
  const stats = await sim.control('GET', '/stats');
  assert.equal(stats.body.calls['GET /v3.1/contacts']['200'], 3);
});

test('listPage passes change filters, formatting Dates to the second', async () => {
  const client = clientFor();
  const page = await client.listPage<SageContact>('contacts', {
    updated_or_created_since: new Date('2020-01-01T00:00:00.123Z'),
  });
  assert.equal(page.$total, 0);
  assert.deepEqual(sent[0]!.params, {
    items_per_page: '200',
    updated_or_created_since: '2020-01-01T00:00:00Z',
  });
});

test('on one 401 the client refreshes the access token once and retries', async () => {
  const client = clientFor();
  sim.token = 'stale-token';
  const page = await client.listPage('contacts');
  assert.equal(page.$total, 0);
  assert.equal(refreshes, 1);
});

test('a second 401 after the refresh is AuthorizationRevokedError without the token in the message', async () => {
  const refreshed: string[] = [];
  const stuck = createSageClient({
    baseUrl: `${sim.url}/v3.1`,
    getAccessToken: async () => 'always-stale',
    refreshAccessToken: async () => {
      refreshed.push('x');
      return 'still-stale';
    },
  });
  await assert.rejects(stuck.listPage('contacts'), (err: Error) => {
    assert.ok(err instanceof AuthorizationRevokedError);
    assert.ok(!err.message.includes('still-stale'));
    return true;
  });
  assert.equal(refreshed.length, 1);
});

test('a 422 becomes PermanentUpstreamError with Sage’s message, $dataCode and $source', async () => {
  const client = clientFor();
  await assert.rejects(client.createContact({ name: 'No type' }), (err: Error) => {
    assert.ok(err instanceof PermanentUpstreamError);
    assert.equal(err.status, 422);
    assert.equal(err.upstreamCode, 'RecordInvalid');
    assert.equal(err.field, 'contact_type_ids');
    assert.match(err.message, /can't be blank/);
    return true;
  });
});

test('a 404 is a PermanentUpstreamError with status 404, and tryGet answers undefined', async () => {
  const client = clientFor();
  await assert.rejects(
    client.getContact('0'.repeat(32)),
    (err: Error) => err instanceof PermanentUpstreamError && err.status === 404,
  );
  assert.equal(await client.tryGet('contacts', '0'.repeat(32)), undefined);
});

test('a 429 becomes RateLimitedError carrying Retry-After in milliseconds', async () => {
  await sim.control('POST', '/faults', {
    match: { path: '/v3.1/contacts' },
    status: 429,
    headers: { 'Retry-After': '7' },
    times: 1,
  });
  const client = clientFor();
  await assert.rejects(client.listPage('contacts'), (err: Error) => {
    assert.ok(err instanceof RateLimitedError);
    assert.equal(err.retryAfterMs, 7000);
    return true;
  });
});

test('5xx and dropped connections become TransientUpstreamError', async () => {
  const client = clientFor();
  await sim.control('POST', '/faults', { match: { path: '/v3.1/contacts' }, status: 503, times: 1 });
  await assert.rejects(
    client.listPage('contacts'),
    (err: Error) => err instanceof TransientUpstreamError && err.status === 503,
  );
  await sim.control('POST', '/faults', { match: { path: '/v3.1/contacts' }, drop: true, times: 1 });
  await assert.rejects(client.listPage('contacts'), (err: Error) => err instanceof TransientUpstreamError);
});

test('a timeout becomes TransientUpstreamError', async () => {
  const client = clientFor({ timeoutMs: 50 });
  await sim.control('POST', '/faults', { match: { path: '/v3.1/contacts' }, latencyMs: 500, times: 1 });
  await assert.rejects(client.listPage('contacts'), (err: Error) => err instanceof TransientUpstreamError);
});

test('the client sends X-Business when it has a business id', async () => {
  const second = await sim.control('POST', '/businesses', { name: 'Other Ltd', country: 'GB' });
  const client = clientFor({ businessId: second.body.id });
  await client.createContact({ name: 'In other', contact_type_ids: ['CUSTOMER'] });
  assert.equal(sent[0]!.headers['X-Business'], second.body.id);
  assert.equal((await clientFor().findContacts({ search: 'In other' })).length, 0);
});

test('getFinancialSettings, listTaxRates and listLedgerAccounts read the business setup', async () => {
  const client = clientFor();
  const settings = await client.getFinancialSettings();
  assert.equal(settings.base_currency?.id, 'GBP');
  assert.equal(settings.multi_currency_enabled, false);
  const rates = await client.listTaxRates({ usage: 'sales' });
  assert.equal(toAmount(rates.find((r) => r.id === 'GB_STANDARD')?.percentage), 20);
  const income = await client.listLedgerAccounts({ visible_in: 'sales' });
  assert.ok(income.length > 0 && income.every((a) => a.visible_in_sales));
  const businesses = await client.listBusinesses();
  assert.equal(businesses[0]?.country?.id, 'GB');
});

test('products, services and sales invoices are created with spec-valid bodies, and DELETE voids an invoice', async () => {
  const client = clientFor();
  const [sales] = await client.listLedgerAccounts({ visible_in: 'sales' });
  const purchase = (await client.listLedgerAccounts()).find((a) => a.nominal_code === 5000)!;
  const customer = await client.createContact({ name: 'Buyer', contact_type_ids: ['CUSTOMER'] });
  const product = await client.create<{ id: string }>('products', {
    item_code: 'W-1',
    description: 'Widget',
    sales_ledger_account_id: sales!.id,
    purchase_ledger_account_id: purchase.id,
    sales_prices: [{ price_name: 'Selling Price', price: 10, price_includes_tax: false }],
  });
  const service = await client.create<{ id: string }>('services', {
    item_code: 'CONS-H',
    description: 'Consulting hour',
    sales_ledger_account_id: sales!.id,
    sales_rates: [{ rate_name: 'Hourly', rate: 95 }],
  });
  const invoice = await client.create<SageSalesInvoice>(
    'sales_invoices',
    {
      contact_id: customer.id,
      date: '2025-03-01',
      reference: 'VT-SO-1042',
      invoice_lines: [
        {
          description: 'Widget',
          product_id: product.id,
          ledger_account_id: sales!.id,
          quantity: 2,
          unit_price: 10,
          tax_rate_id: 'GB_STANDARD',
          tax_amount: 4,
        },
        {
          description: 'Consulting',
          service_id: service.id,
          ledger_account_id: sales!.id,
          quantity: 10,
          unit_price: 95,
          tax_rate_id: 'GB_STANDARD',
          tax_amount: 190,
        },
      ],
    },
    { idempotencyId: '1b2c3d4e5f60718293a4b5c6d7e8f901' },
  );
  assert.equal(toAmount(invoice.total_amount), 1164);
  assert.equal(invoice.editable, true);
  const voided = await client.voidSalesInvoice<SageSalesInvoice>(invoice.id, 'Cancelled in Vtiger');
  assert.equal(voided.status?.id, 'VOID');
  assert.equal(voided.editable, false);
  assertSentBodiesMatchSpec();
});

test('deleting a contact answers undefined (204)', async () => {
  const client = clientFor();
  const contact = await client.createContact({ name: 'Temp', contact_type_ids: ['CUSTOMER'] });
  assert.equal(await client.delete('contacts', contact.id), undefined);
});

test('POSTs from one client are serialised, as Sage asks', async () => {
  await sim.control('POST', '/faults', {
    match: { method: 'POST', path: '/v3.1/contacts' },
    latencyMs: 30,
    times: 3,
  });
  await sim.control('POST', '/rate-limit', { concurrency: 1 });
  try {
    const client = clientFor();
    const created = await Promise.all(
      ['A', 'B', 'C'].map((name) => client.createContact({ name, contact_type_ids: ['CUSTOMER'] })),
    );
    assert.equal(created.length, 3);
  } finally {
    await sim.control('POST', '/rate-limit', { concurrency: 150 });
  }
});

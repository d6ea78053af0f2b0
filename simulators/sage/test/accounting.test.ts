import assert from 'node:assert/strict';
import { after, before, beforeEach, test } from 'node:test';
import { aContact, ledgerAccountByCode, startSim, type Sim } from './support/harness.js';

let sim: Sim;
let sales: string;
let purchase: string;
before(async () => {
  sim = await startSim();
  sales = await ledgerAccountByCode(sim, 4000);
  purchase = await ledgerAccountByCode(sim, 5000);
});
beforeEach(() => sim.control('POST', '/reset'));
after(() => sim.close());

async function aCustomer(overrides: Record<string, unknown> = {}): Promise<string> {
  return (await sim.call('POST', '/contacts', aContact(overrides))).body.id;
}

function aLine(overrides: Record<string, unknown> = {}) {
  return {
    description: 'Consulting',
    ledger_account_id: sales,
    quantity: 10,
    unit_price: 95,
    tax_rate_id: 'GB_STANDARD',
    tax_amount: 190,
    ...overrides,
  };
}

test('financial settings give the base currency GBP with multi-currency off; PUT can turn it on', async () => {
  const { body } = await sim.call('GET', '/financial_settings');
  assert.equal(body.base_currency.id, 'GBP');
  assert.equal(body.multi_currency_enabled, false);
  const put = await sim.call('PUT', '/financial_settings', {
    financial_settings: { multi_currency_enabled: true },
  });
  assert.equal(put.body.multi_currency_enabled, true);
});

test('business settings name default ledger accounts that exist', async () => {
  const { body } = await sim.call('GET', '/business_settings');
  const id = body.default_ledger_accounts.sales_ledger_account.id;
  assert.equal((await sim.call('GET', `/ledger_accounts/${id}`)).body.nominal_code, 4000);
});

test('a GB business has the stock VAT rates with string percentages', async () => {
  const { body } = await sim.call('GET', '/tax_rates?usage=sales&attributes=percentage');
  const byId = Object.fromEntries(
    body.$items.map((r: { id: string; percentage: string }) => [r.id, r.percentage]),
  );
  assert.equal(byId.GB_STANDARD, '20.0');
  assert.equal(byId.GB_LOWER, '5.0');
  assert.equal(byId.GB_ZERO, '0.0');
  assert.ok('GB_EXEMPT' in byId && 'GB_NO_TAX' in byId);
});

test('a Canadian business lists GST everywhere and provincial rates only for their tax address region', async () => {
  const ca = await sim.control('POST', '/businesses', { name: 'Maple Inc', country: 'CA' });
  const list = async (query: string) =>
    (await sim.call('GET', `/tax_rates${query}`, undefined, { 'X-Business': ca.body.id })).body.$items.map(
      (r: { id: string }) => r.id,
    );
  const bc = await list('?address_region_id=CA-BC');
  assert.ok(bc.includes('CA_GST') && bc.includes('CA_PST_BC') && bc.includes('CA_GST_PST_BC'));
  assert.ok(!bc.includes('CA_HST_ON'));
  const combined = await sim.call('GET', '/tax_rates/CA_GST_PST_BC', undefined, { 'X-Business': ca.body.id });
  assert.equal(combined.body.is_combined_rate, true);
  assert.equal(combined.body.component_tax_rates.length, 2);
});

test('a Canadian invoice needs tax_address_region_id', async () => {
  const ca = await sim.control('POST', '/businesses', { name: 'Maple Inc', country: 'CA' });
  const h = { 'X-Business': ca.body.id };
  const customer = (await sim.call('POST', '/contacts', aContact(), h)).body.id;
  const caSales = (await sim.call('GET', '/ledger_accounts?visible_in=sales', undefined, h)).body.$items[0]
    .id;
  const line = aLine({ ledger_account_id: caSales, tax_rate_id: 'CA_GST', tax_amount: 47.5 });
  const missing = await sim.call(
    'POST',
    '/sales_invoices',
    { sales_invoice: { contact_id: customer, date: '2025-03-01', invoice_lines: [line] } },
    h,
  );
  assert.equal(missing.status, 422);
  assert.equal(missing.body[0].$source, 'tax_address_region_id');
  const ok = await sim.call(
    'POST',
    '/sales_invoices',
    {
      sales_invoice: {
        contact_id: customer,
        date: '2025-03-01',
        tax_address_region_id: 'CA-BC',
        invoice_lines: [line],
      },
    },
    h,
  );
  assert.equal(ok.status, 201);
  assert.equal(ok.body.tax_address_region.id, 'CA-BC');
});

test('US businesses create their own combined sales-tax rates; elsewhere POST /tax_rates is refused', async () => {
  const us = await sim.control('POST', '/businesses', { name: 'Peach LLC', country: 'US' });
  const created = await sim.call(
    'POST',
    '/tax_rates',
    {
      tax_rate: {
        name: 'Atlanta',
        agency: 'GA DoR',
        component_tax_rate: [
          { name: 'State', percentage: 4 },
          { name: 'City', percentage: 4.9 },
        ],
      },
    },
    { 'X-Business': us.body.id },
  );
  assert.equal(created.status, 201);
  assert.match(created.body.id, /^[0-9a-f]{32}$/);
  assert.equal(created.body.percentage, '8.9');
  assert.equal(created.body.is_combined_rate, true);
  assert.equal((await sim.call('POST', '/tax_rates', { tax_rate: { name: 'X' } })).status, 422);
});

test('ledger accounts filter by visible_in=sales', async () => {
  const { body } = await sim.call('GET', '/ledger_accounts?visible_in=sales&attributes=visible_in_sales');
  assert.ok(body.$total > 0 && body.$items.every((a: { visible_in_sales: boolean }) => a.visible_in_sales));
});

test('currencies and lookups are listed with mnemonic ids', async () => {
  const currencies = await sim.call('GET', '/currencies?items_per_page=200');
  assert.ok(currencies.body.$items.some((c: { id: string }) => c.id === 'GBP'));
  assert.deepEqual(Object.keys(currencies.body.$items[0]).sort(), ['$path', 'displayed_as', 'id']);
  const types = await sim.call('GET', '/contact_types');
  assert.deepEqual(
    types.body.$items.map((t: { id: string }) => t.id),
    ['CUSTOMER', 'VENDOR'],
  );
  assert.equal((await sim.call('GET', '/countries/GB')).body.id, 'GB');
});

test('a product needs a description and sales and purchase ledger accounts', async () => {
  const { status, body } = await sim.call('POST', '/products', { product: { item_code: 'X' } });
  assert.equal(status, 422);
  assert.deepEqual(body.map((e: { $source: string }) => e.$source).sort(), [
    'description',
    'purchase_ledger_account_id',
    'sales_ledger_account_id',
  ]);
});

test('a product is created with sales prices, found by search and item codes are unique', async () => {
  const body = {
    product: {
      item_code: 'W-1',
      description: 'Widget',
      sales_ledger_account_id: sales,
      purchase_ledger_account_id: purchase,
      cost_price: 4,
      sales_prices: [{ price_name: 'Selling Price', price: 10 }],
    },
  };
  const created = await sim.call('POST', '/products', body);
  assert.equal(created.status, 201);
  assert.equal(created.body.sales_prices[0].price, '10.0');
  assert.equal(created.body.cost_price, '4.0');
  assert.equal((await sim.call('GET', '/products?search=widg')).body.$total, 1);
  const dup = await sim.call('POST', '/products', body);
  assert.equal(dup.status, 422);
  assert.equal(dup.body[0].$source, 'item_code');
});

test('a service needs only a description and a sales ledger account, and can be deactivated and deleted', async () => {
  const created = await sim.call('POST', '/services', {
    service: {
      description: 'Consulting hour',
      sales_ledger_account_id: sales,
      sales_rates: [{ rate_name: 'Hourly', rate: 95 }],
    },
  });
  assert.equal(created.status, 201);
  assert.equal(created.body.sales_rates[0].rate, '95.0');
  const put = await sim.call('PUT', `/services/${created.body.id}`, { service: { active: false } });
  assert.equal(put.body.active, false);
  assert.equal((await sim.call('GET', '/services?active=true')).body.$total, 0);
  assert.equal((await sim.call('DELETE', `/services/${created.body.id}`)).status, 204);
});

test('a sales invoice computes line and invoice totals, numbers itself and is editable', async () => {
  const contactId = await aCustomer();
  const { status, body } = await sim.call('POST', '/sales_invoices', {
    sales_invoice: {
      contact_id: contactId,
      date: '2025-03-01',
      reference: 'VT-SO-1042',
      invoice_lines: [aLine(), aLine({ quantity: 1, unit_price: 50, tax_amount: 10, discount_amount: 0 })],
    },
  });
  assert.equal(status, 201);
  assert.match(body.invoice_number, /^SI-\d+$/);
  assert.equal(body.net_amount, '1000.0');
  assert.equal(body.tax_amount, '200.0');
  assert.equal(body.total_amount, '1200.0');
  assert.equal(body.due_date, '2025-03-31');
  assert.equal(body.status.id, 'UNPAID');
  assert.equal(body.editable, true);
  assert.equal(body.contact.id, contactId);
});

test('an invoice for a supplier is 422 "can\'t find customer"', async () => {
  const vendor = await aCustomer({ contact_type_ids: ['VENDOR'] });
  const { status, body } = await sim.call('POST', '/sales_invoices', {
    sales_invoice: { contact_id: vendor, date: '2025-03-01', invoice_lines: [aLine()] },
  });
  assert.equal(status, 422);
  assert.equal(body[0].$source, 'contact_id');
  assert.equal(body[0].$message, "can't find customer");
});

test('an invoice needs contact, date and lines, and each line a description, income ledger account and unit price', async () => {
  const empty = await sim.call('POST', '/sales_invoices', { sales_invoice: {} });
  assert.deepEqual(empty.body.map((e: { $source: string }) => e.$source).sort(), [
    'contact_id',
    'date',
    'invoice_lines',
  ]);
  const contactId = await aCustomer();
  const bad = await sim.call('POST', '/sales_invoices', {
    sales_invoice: {
      contact_id: contactId,
      date: '2025-03-01',
      invoice_lines: [{ quantity: 1 }, aLine({ ledger_account_id: purchase })],
    },
  });
  assert.deepEqual(bad.body.map((e: { $source: string }) => e.$source).sort(), [
    'invoice_lines.0.description',
    'invoice_lines.0.ledger_account_id',
    'invoice_lines.0.unit_price',
    'invoice_lines.1.ledger_account_id',
  ]);
});

test('a line with a taxable rate needs a non-zero tax_amount; zero, exempt and no-tax rates infer 0', async () => {
  const contactId = await aCustomer();
  const post = (line: Record<string, unknown>) =>
    sim.call('POST', '/sales_invoices', {
      sales_invoice: { contact_id: contactId, date: '2025-03-01', invoice_lines: [line] },
    });
  const { tax_amount: _omitted, ...withoutTax } = aLine();
  const missing = await post(withoutTax);
  assert.equal(missing.status, 422);
  assert.equal(missing.body[0].$source, 'invoice_lines.0.tax_amount');
  assert.equal((await post(aLine({ tax_amount: 0 }))).status, 422);
  const zero = await post({ ...withoutTax, tax_rate_id: 'GB_ZERO' });
  assert.equal(zero.status, 201);
  assert.equal(zero.body.tax_amount, '0.0');
});

test('DELETE voids an invoice with a void_reason and answers 200 with it; a voided invoice is not editable', async () => {
  const contactId = await aCustomer();
  const invoice = await sim.call('POST', '/sales_invoices', {
    sales_invoice: { contact_id: contactId, date: '2025-03-01', invoice_lines: [aLine()] },
  });
  const noReason = await sim.call('DELETE', `/sales_invoices/${invoice.body.id}`);
  assert.equal(noReason.status, 422);
  assert.equal(noReason.body[0].$source, 'void_reason');
  const voided = await sim.call('DELETE', `/sales_invoices/${invoice.body.id}?void_reason=Duplicate`);
  assert.equal(voided.status, 200);
  assert.equal(voided.body.status.id, 'VOID');
  assert.equal(voided.body.void_reason, 'Duplicate');
  assert.equal(voided.body.editable, false);
  assert.equal((await sim.call('GET', `/sales_invoices/${invoice.body.id}`)).status, 200);
  const edit = await sim.call('PUT', `/sales_invoices/${invoice.body.id}`, { sales_invoice: { notes: 'x' } });
  assert.equal(edit.status, 422);
});

test('a contact with invoices cannot be deleted', async () => {
  const contactId = await aCustomer();
  await sim.call('POST', '/sales_invoices', {
    sales_invoice: { contact_id: contactId, date: '2025-03-01', invoice_lines: [aLine()] },
  });
  assert.equal((await sim.call('DELETE', `/contacts/${contactId}`)).status, 422);
  assert.equal((await sim.call('GET', `/contacts/${contactId}`)).body.deletable, false);
});

test('sales invoices filter by contact, status, date range and search, and sort by date', async () => {
  const a = await aCustomer({ name: 'Alpha' });
  const b = await aCustomer({ name: 'Beta' });
  const post = (contact: string, date: string, reference: string) =>
    sim.call('POST', '/sales_invoices', {
      sales_invoice: { contact_id: contact, date, reference, invoice_lines: [aLine()] },
    });
  await post(a, '2025-03-05', 'R-1');
  await post(b, '2025-01-05', 'R-2');
  await post(a, '2025-02-05', 'R-3');
  assert.equal((await sim.call('GET', `/sales_invoices?contact_id=${a}`)).body.$total, 2);
  assert.equal(
    (await sim.call('GET', '/sales_invoices?from_date=2025-02-01&to_date=2025-03-01')).body.$total,
    1,
  );
  assert.equal((await sim.call('GET', '/sales_invoices?search=beta')).body.$total, 1);
  const sorted = await sim.call('GET', '/sales_invoices?sort=date:desc&attributes=date');
  assert.deepEqual(
    sorted.body.$items.map((i: { date: string }) => i.date),
    ['2025-03-05', '2025-02-05', '2025-01-05'],
  );
});

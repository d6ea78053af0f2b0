import assert from 'node:assert/strict';
import { after, before, beforeEach, test } from 'node:test';
import { aContact, startSim, type Sim } from './support/harness.js';

let sim: Sim;
before(async () => {
  sim = await startSim();
});
beforeEach(async () => {
  await sim.control('POST', '/reset');
  await sim.control('POST', '/rate-limit', { perSecond: 1_000_000, concurrency: 150 });
});
after(() => sim.close());

test('calls are counted per "<METHOD> <path template>" and status', async () => {
  const created = await sim.call('POST', '/contacts', aContact());
  await sim.call('PUT', `/contacts/${created.body.id}`, aContact({ name: 'Renamed' }));
  await sim.call('GET', '/contacts/ffffffffffffffffffffffffffffffff');
  const { body } = await sim.control('GET', '/stats');
  assert.deepEqual(body.calls['POST /v3.1/contacts'], { '201': 1 });
  assert.deepEqual(body.calls['PUT /v3.1/contacts/{id}'], { '200': 1 });
  assert.deepEqual(body.calls['GET /v3.1/contacts/{id}'], { '404': 1 });
});

test('past the per-second rate an app gets 429 with Retry-After, in Sage’s error format', async () => {
  await sim.control('POST', '/rate-limit', { perSecond: 2 });
  await sim.call('GET', '/contacts');
  await sim.call('GET', '/contacts');
  const limited = await sim.call('GET', '/contacts');
  assert.equal(limited.status, 429);
  assert.equal(limited.headers.get('retry-after'), '1');
  assert.equal(limited.body[0].$severity, 'error');
  await sim.advance(1000);
  sim.token = sim.simulator.issueTokens().accessToken;
  assert.equal((await sim.call('GET', '/contacts')).status, 200);
});

test('past the concurrency limit an app gets 429', async () => {
  await sim.control('POST', '/rate-limit', { concurrency: 1 });
  await sim.control('POST', '/faults', { match: { path: '/v3.1/contacts' }, latencyMs: 200, times: 1 });
  const [slow, second] = await Promise.all([
    sim.call('GET', '/contacts'),
    new Promise((r) => setImmediate(r)).then(() => sim.call('GET', '/financial_settings')),
  ]);
  assert.equal(slow.status, 200);
  assert.equal(second.status, 429);
});

test('an injected fault answers its status with a Sage error array for the matching template only', async () => {
  await sim.control('POST', '/faults', {
    match: { method: 'POST', path: '/v3.1/contacts' },
    status: 500,
    times: 1,
  });
  const failed = await sim.call('POST', '/contacts', aContact());
  assert.equal(failed.status, 500);
  assert.equal(failed.body[0].$dataCode, 'UnexpectedError');
  assert.equal((await sim.call('GET', '/contacts')).status, 200);
  assert.equal((await sim.call('POST', '/contacts', aContact())).status, 201);
});

test('faults can target the token endpoint with an OAuth-style body', async () => {
  await sim.control('POST', '/faults', { match: { path: '/token' }, status: 503, times: 1 });
  const response = await fetch(`${sim.url}/token`, {
    method: 'POST',
    body: new URLSearchParams({ grant_type: 'refresh_token' }),
  });
  assert.equal(response.status, 503);
  assert.equal(((await response.json()) as { error: string }).error, 'temporarily_unavailable');
});

test('seed bulk-creates thousands of records quickly from a template with {n}', async () => {
  const started = Date.now();
  const { status, body } = await sim.control('POST', '/seed', {
    resource: 'contacts',
    count: 5000,
    template: { name: 'Bulk {n}', reference: 'B{n}' },
  });
  assert.equal(status, 201);
  assert.equal(body.created, 5000);
  assert.ok(Date.now() - started < 5000);
  const page = await sim.call('GET', '/contacts?items_per_page=1&attributes=name,reference');
  assert.equal(page.body.$total, 5000);
  assert.equal(page.body.$items[0].name, 'Bulk 1');
  assert.equal(page.body.$items[0].reference, 'B1');
});

test('seed creates products, services and invoices that pass the API’s own validation', async () => {
  for (const resource of ['products', 'services', 'sales_invoices', 'contact_persons']) {
    const { status } = await sim.control('POST', '/seed', { resource, count: 3 });
    assert.equal(status, 201, resource);
  }
  assert.equal((await sim.call('GET', '/sales_invoices')).body.$total, 3);
});

test('reset restores the initial data but keeps OAuth clients and tokens', async () => {
  await sim.control('POST', '/oauth/clients', {
    clientId: 'kept',
    clientSecret: 's',
    redirectUris: ['http://127.0.0.1:1/cb'],
  });
  await sim.call('POST', '/contacts', aContact());
  await sim.control('POST', '/reset');
  assert.equal((await sim.call('GET', '/contacts')).body.$total, 0);
  const authorize = await fetch(
    `${sim.url}/oauth2/auth/central?client_id=kept&response_type=code&redirect_uri=${encodeURIComponent('http://127.0.0.1:1/cb')}&country=gb`,
    { redirect: 'manual' },
  );
  assert.equal(authorize.status, 302);
  assert.equal((await sim.call('GET', '/tax_rates')).body.$total, 5);
});

test('GET /__sim/records/:resource shows every record including deleted ones', async () => {
  const created = await sim.call('POST', '/contacts', aContact());
  await sim.call('DELETE', `/contacts/${created.body.id}`);
  const { body } = await sim.control('GET', '/records/contacts');
  assert.equal(body.items.length, 1);
  assert.ok(body.items[0].deleted_at);
});

test('GET /businesses is unpaginated and spells its page size $items_per_page', async () => {
  const { body } = await sim.call('GET', '/businesses?attributes=all');
  assert.equal(body.$items.length, 1);
  assert.equal(body.$items_per_page, 2147483647);
  assert.equal(body.$items[0].country.id, 'GB');
  const lead = await sim.call('GET', '/businesses/lead');
  assert.equal(lead.body.id, body.$items[0].id);
  assert.equal(lead.headers.get('x-business'), null);
});

test('GET /user identifies the authorising user', async () => {
  const { body } = await sim.call('GET', '/user');
  assert.match(body.id, /^[0-9a-f]{32}$/);
  assert.equal(typeof body.email, 'string');
});

import assert from 'node:assert/strict';
import { after, before, beforeEach, test } from 'node:test';
import { DEFAULT_BUSINESS_ID } from '../src/index.js';
import { aContact, startSim, type Sim } from './support/harness.js';

let sim: Sim;
before(async () => {
  sim = await startSim();
});
beforeEach(() => sim.control('POST', '/reset'));
after(() => sim.close());

test('POST /contacts creates a customer from a wrapped body and answers 201 with the bare contact', async () => {
  const { status, body } = await sim.call('POST', '/contacts', aContact({ reference: 'ACME01' }));
  assert.equal(status, 201);
  assert.match(body.id, /^[0-9a-f]{32}$/);
  assert.equal(body.displayed_as, 'Acme Widgets Ltd (ACME01)');
  assert.equal(body.$path, `/contacts/${body.id}`);
  assert.deepEqual(body.contact_types, [
    { id: 'CUSTOMER', displayed_as: 'Customer', $path: '/contact_types/CUSTOMER' },
  ]);
  assert.equal(body.currency.id, 'GBP');
  assert.equal(body.contact, undefined);
});

test('a contact always has a main address and a main contact person, and its email is the main person’s', async () => {
  const { body } = await sim.call(
    'POST',
    '/contacts',
    aContact({
      main_address: { address_line_1: '1 High St', city: 'Leeds', postal_code: 'LS1 1AA', country_id: 'GB' },
      main_contact_person: { name: 'Jane Doe', email: 'jane@acme.test', telephone: '0113 000000' },
    }),
  );
  assert.equal(body.main_address.address_line_1, '1 High St');
  assert.equal(body.main_address.is_main_address, true);
  assert.equal(body.main_address.address_type.id, 'ACCOUNTS');
  assert.equal(body.main_contact_person.telephone, '0113 000000');
  assert.equal(body.main_contact_person.is_main_contact, true);
  assert.equal(body.main_contact_person.address.id, body.main_address.id);
  assert.equal(body.email, 'jane@acme.test');

  const bare = await sim.call('POST', '/contacts', aContact({ name: 'Bare Ltd' }));
  assert.ok(bare.body.main_address.id);
  assert.ok(bare.body.main_contact_person.id);
});

test('creating a contact without name and contact_type_ids is a 422 array naming both fields', async () => {
  const { status, body } = await sim.call('POST', '/contacts', { contact: { notes: 'x' } });
  assert.equal(status, 422);
  assert.deepEqual(body.map((e: { $source: string }) => e.$source).sort(), ['contact_type_ids', 'name']);
  for (const e of body) {
    assert.equal(e.$severity, 'error');
    assert.equal(e.$dataCode, 'RecordInvalid');
    assert.equal(typeof e.$message, 'string');
  }
});

test('a write body that is not wrapped in its singular name is rejected', async () => {
  const { status, body } = await sim.call('POST', '/contacts', {
    name: 'Unwrapped',
    contact_type_ids: ['CUSTOMER'],
  });
  assert.equal(status, 422);
  assert.equal(body[0].$source, 'contact');
});

test('field limits follow the spec: name 100, reference 10, and the reference is unique', async () => {
  const long = await sim.call(
    'POST',
    '/contacts',
    aContact({ name: 'n'.repeat(101), reference: 'r'.repeat(11) }),
  );
  assert.equal(long.status, 422);
  assert.deepEqual(long.body.map((e: { $source: string }) => e.$source).sort(), ['name', 'reference']);
  await sim.call('POST', '/contacts', aContact({ reference: 'DUP1' }));
  const dup = await sim.call('POST', '/contacts', aContact({ name: 'Other', reference: 'dup1' }));
  assert.equal(dup.status, 422);
  assert.equal(dup.body[0].$message, 'has already been taken');
});

test('an invalid contact type, country, email or UK VAT number is a 422 on that field', async () => {
  const { body } = await sim.call(
    'POST',
    '/contacts',
    aContact({
      contact_type_ids: ['FRIEND'],
      tax_number: 'NOT-VAT',
      main_address: { country_id: 'XX' },
      main_contact_person: { email: 'not-an-email' },
    }),
  );
  assert.deepEqual(body.map((e: { $source: string }) => e.$source).sort(), [
    'contact_type_ids',
    'main_address.country_id',
    'main_contact_person.email',
    'tax_number',
  ]);
});

test('a foreign currency needs multi-currency to be enabled in financial settings', async () => {
  const refused = await sim.call('POST', '/contacts', aContact({ currency_id: 'EUR' }));
  assert.equal(refused.status, 422);
  assert.equal(refused.body[0].$source, 'currency_id');
  await sim.call('PUT', '/financial_settings', { financial_settings: { multi_currency_enabled: true } });
  assert.equal((await sim.call('POST', '/contacts', aContact({ currency_id: 'EUR' }))).status, 201);
});

test('PUT /contacts/{id} updates fields and the nested main address and person, answering 200', async () => {
  const created = await sim.call('POST', '/contacts', aContact());
  await sim.advance(2000);
  const { status, body } = await sim.call('PUT', `/contacts/${created.body.id}`, {
    contact: {
      name: 'Acme Renamed',
      main_address: { city: 'York' },
      main_contact_person: { telephone: '01904 1' },
    },
  });
  assert.equal(status, 200);
  assert.equal(body.name, 'Acme Renamed');
  assert.equal(body.main_address.id, created.body.main_address.id);
  assert.equal(body.main_address.city, 'York');
  assert.equal(body.main_contact_person.telephone, '01904 1');
  assert.ok(body.updated_at > created.body.updated_at);
});

test('GET and PUT of an unknown id are 404 with an array body', async () => {
  const get = await sim.call('GET', '/contacts/0123456789abcdef0123456789abcdef');
  assert.equal(get.status, 404);
  assert.equal(get.body[0].$dataCode, 'RecordNotFound');
  const put = await sim.call('PUT', '/contacts/0123456789abcdef0123456789abcdef', aContact());
  assert.equal(put.status, 404);
});

test('DELETE /contacts/{id} answers 204 and the contact is gone from GET and lists', async () => {
  const created = await sim.call('POST', '/contacts', aContact());
  const deleted = await sim.call('DELETE', `/contacts/${created.body.id}`);
  assert.equal(deleted.status, 204);
  assert.equal((await sim.call('GET', `/contacts/${created.body.id}`)).status, 404);
  assert.equal((await sim.call('GET', '/contacts')).body.$total, 0);
});

test('lists answer the $items envelope with only id, displayed_as and $path per item by default', async () => {
  await sim.call('POST', '/contacts', aContact());
  const { body } = await sim.call('GET', '/contacts');
  assert.deepEqual(Object.keys(body).sort(), [
    '$back',
    '$items',
    '$itemsPerPage',
    '$next',
    '$page',
    '$total',
  ]);
  assert.equal(body.$itemsPerPage, 20);
  assert.deepEqual(Object.keys(body.$items[0]).sort(), ['$path', 'displayed_as', 'id']);
});

test('attributes=all shows every field and a comma list adds just those fields', async () => {
  await sim.call('POST', '/contacts', aContact({ reference: 'R1' }));
  const all = await sim.call('GET', '/contacts?attributes=all');
  assert.ok('main_address' in all.body.$items[0]);
  const some = await sim.call('GET', '/contacts?attributes=name,reference');
  assert.deepEqual(Object.keys(some.body.$items[0]).sort(), [
    '$path',
    'displayed_as',
    'id',
    'name',
    'reference',
  ]);
  const single = await sim.call('GET', `/contacts/${all.body.$items[0].id}?attributes=name`);
  assert.deepEqual(Object.keys(single.body).sort(), ['$path', 'displayed_as', 'id', 'name']);
});

test('pages follow $next and $back links relative to the base URL, keeping the filters', async () => {
  await sim.control('POST', '/seed', { resource: 'contacts', count: 5 });
  const first = await sim.call('GET', '/contacts?items_per_page=2&search=Seeded');
  assert.equal(first.body.$total, 5);
  assert.equal(first.body.$back, null);
  assert.match(first.body.$next, /^\/contacts\?/);
  const next = new URL(first.body.$next, 'http://x');
  assert.equal(next.searchParams.get('page'), '2');
  assert.equal(next.searchParams.get('items_per_page'), '2');
  assert.equal(next.searchParams.get('search'), 'Seeded');
  const second = await sim.call('GET', first.body.$next);
  assert.equal(second.body.$page, 2);
  assert.match(second.body.$back, /page=1/);
});

test('a page past the end answers the last page, not an empty one', async () => {
  await sim.control('POST', '/seed', { resource: 'contacts', count: 5 });
  const { body } = await sim.call('GET', '/contacts?items_per_page=2&page=9');
  assert.equal(body.$page, 3);
  assert.equal(body.$items.length, 1);
  assert.equal(body.$next, null);
});

test('items_per_page is capped at 200', async () => {
  await sim.control('POST', '/seed', { resource: 'contacts', count: 250 });
  const { body } = await sim.call('GET', '/contacts?items_per_page=500');
  assert.equal(body.$itemsPerPage, 200);
  assert.equal(body.$items.length, 200);
});

test('search matches name or reference, email matches any contact person, contact_type_id filters', async () => {
  await sim.call('POST', '/contacts', aContact({ name: 'Alpha Ltd', reference: 'ALP' }));
  const beta = await sim.call(
    'POST',
    '/contacts',
    aContact({ name: 'Beta Ltd', main_contact_person: { email: 'Ops@Beta.test' } }),
  );
  await sim.call('POST', '/contacts', aContact({ name: 'Gamma Supplies', contact_type_ids: ['VENDOR'] }));
  assert.equal((await sim.call('GET', '/contacts?search=alp')).body.$total, 1);
  const byEmail = await sim.call('GET', '/contacts?email=ops@beta.test');
  assert.deepEqual(
    byEmail.body.$items.map((c: { id: string }) => c.id),
    [beta.body.id],
  );
  assert.equal((await sim.call('GET', '/contacts?contact_type_id=VENDOR')).body.$total, 1);
});

test('updated_or_created_since is inclusive of the timestamp', async () => {
  const created = await sim.call('POST', '/contacts', aContact());
  const since = encodeURIComponent(created.body.updated_at);
  assert.equal((await sim.call('GET', `/contacts?updated_or_created_since=${since}`)).body.$total, 1);
  await sim.advance(5000);
  const later = new Date(Date.parse(created.body.updated_at) + 1000).toISOString();
  assert.equal(
    (await sim.call('GET', `/contacts?updated_or_created_since=${encodeURIComponent(later)}`)).body.$total,
    0,
  );
});

test('deleted_since lists deleted records with deleted_at, exclusive of the timestamp', async () => {
  const created = await sim.call('POST', '/contacts', aContact());
  await sim.advance(5000);
  await sim.call('DELETE', `/contacts/${created.body.id}`);
  const before = new Date(Date.parse(created.body.created_at) + 1000).toISOString();
  const { body } = await sim.call('GET', `/contacts?deleted_since=${encodeURIComponent(before)}`);
  assert.equal(body.$total, 1);
  assert.equal(body.$items[0].id, created.body.id);
  assert.ok(body.$items[0].deleted_at);
  const at = encodeURIComponent(body.$items[0].deleted_at);
  assert.equal((await sim.call('GET', `/contacts?deleted_since=${at}`)).body.$total, 0);
  // The contact's main address and person are deleted with it.
  assert.equal(
    (await sim.call('GET', `/contact_persons?deleted_since=${encodeURIComponent(before)}`)).body.$total,
    1,
  );
});

test('an invalid change-filter date is a 422 naming the parameter', async () => {
  const { status, body } = await sim.call('GET', '/contacts?updated_or_created_since=yesterday');
  assert.equal(status, 422);
  assert.equal(body[0].$source, 'updated_or_created_since');
});

test('repeating a POST with the same idempotency_id answers the first result without creating another', async () => {
  const body = aContact({ idempotency_id: '7f3c0a9e5b2d4c1e8a6f0b3d2c1e4f5a' });
  const first = await sim.call('POST', '/contacts', body);
  const second = await sim.call('POST', '/contacts', body);
  assert.equal(second.status, 201);
  assert.deepEqual(second.body, first.body);
  assert.equal((await sim.call('GET', '/contacts')).body.$total, 1);
});

test('an idempotency_id is remembered for 7 days', async () => {
  const body = aContact({ idempotency_id: 'aaaabbbbccccddddeeeeffff00001111' });
  await sim.call('POST', '/contacts', body);
  await sim.advance(7 * 86_400_000 + 1000);
  // Moving the clock a week expired the access token too.
  sim.token = sim.simulator.issueTokens().accessToken;
  assert.equal((await sim.call('POST', '/contacts', body)).status, 201);
  assert.equal((await sim.call('GET', '/contacts')).body.$total, 2);
});

test('reusing an idempotency_id on another resource is 422 IdempotencyResourceMismatch', async () => {
  const id = '11112222333344445555666677778888';
  await sim.call('POST', '/contacts', aContact({ idempotency_id: id }));
  const { status, body } = await sim.call('POST', '/products', {
    product: { description: 'x', idempotency_id: id },
  });
  assert.equal(status, 422);
  assert.equal(body[0].$dataCode, 'IdempotencyResourceMismatch');
});

test('a rejected write is not remembered, so a corrected retry with the same idempotency_id succeeds', async () => {
  const id = '99998888777766665555444433332222';
  assert.equal((await sim.call('POST', '/contacts', { contact: { idempotency_id: id } })).status, 422);
  assert.equal((await sim.call('POST', '/contacts', aContact({ idempotency_id: id }))).status, 201);
});

test('responses echo the business in X-Business, which falls back to the lead business', async () => {
  const lead = await sim.call('GET', '/contacts');
  assert.equal(lead.headers.get('x-business'), DEFAULT_BUSINESS_ID);
  const second = await sim.control('POST', '/businesses', { name: 'Second Ltd', country: 'IE' });
  await sim.call('POST', '/contacts', aContact(), { 'X-Business': second.body.id });
  const inSecond = await sim.call('GET', '/contacts', undefined, { 'X-Business': second.body.id });
  assert.equal(inSecond.headers.get('x-business'), second.body.id);
  assert.equal(inSecond.body.$total, 1);
  assert.equal((await sim.call('GET', '/contacts')).body.$total, 0);
  assert.equal((await sim.call('GET', '/contacts', undefined, { 'X-Business': 'f'.repeat(32) })).status, 404);
});

test('contact persons hang off an address: POST needs address_id, name and contact_person_type_ids', async () => {
  const contact = await sim.call('POST', '/contacts', aContact());
  const missing = await sim.call('POST', '/contact_persons', { contact_person: { email: 'x@y.test' } });
  assert.deepEqual(missing.body.map((e: { $source: string }) => e.$source).sort(), [
    'address_id',
    'contact_person_type_ids',
    'name',
  ]);
  const created = await sim.call('POST', '/contact_persons', {
    contact_person: {
      address_id: contact.body.main_address.id,
      name: 'Bob',
      contact_person_type_ids: ['SALES'],
      mobile: '07700',
    },
  });
  assert.equal(created.status, 201);
  assert.equal(created.body.is_main_contact, false);
  const listed = await sim.call('GET', `/contact_persons?contact_id=${contact.body.id}`);
  assert.equal(listed.body.$total, 2);
});

test('making another contact person main demotes the previous one, and the main one cannot be deleted', async () => {
  const contact = await sim.call('POST', '/contacts', aContact());
  const bob = await sim.call('POST', '/contact_persons', {
    contact_person: {
      address_id: contact.body.main_address.id,
      name: 'Bob',
      contact_person_type_ids: ['ACCOUNTS'],
      is_main_contact: true,
    },
  });
  const reread = await sim.call('GET', `/contacts/${contact.body.id}`);
  assert.equal(reread.body.main_contact_person.id, bob.body.id);
  assert.equal((await sim.call('DELETE', `/contact_persons/${bob.body.id}`)).status, 422);
  assert.equal(
    (await sim.call('DELETE', `/contact_persons/${contact.body.main_contact_person.id}`)).status,
    204,
  );
});

test('addresses can be added to a contact and listed by contact_id', async () => {
  const contact = await sim.call('POST', '/contacts', aContact());
  const created = await sim.call('POST', '/addresses', {
    address: {
      contact_id: contact.body.id,
      address_type_id: 'DELIVERY',
      name: 'Warehouse',
      is_main_address: false,
      city: 'Hull',
    },
  });
  assert.equal(created.status, 201);
  assert.equal((await sim.call('GET', `/addresses?contact_id=${contact.body.id}`)).body.$total, 2);
  assert.equal((await sim.call('DELETE', `/addresses/${contact.body.main_address.id}`)).status, 422);
});

test('a non-JSON write is 415 and malformed JSON is 400, both as error arrays', async () => {
  const form = await fetch(`${sim.url}/v3.1/contacts`, {
    method: 'POST',
    headers: { authorization: `Bearer ${sim.token}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: 'name=x',
  });
  assert.equal(form.status, 415);
  const broken = await fetch(`${sim.url}/v3.1/contacts`, {
    method: 'POST',
    headers: { authorization: `Bearer ${sim.token}`, 'content-type': 'application/json' },
    body: '{"contact":',
  });
  assert.equal(broken.status, 400);
  assert.ok(Array.isArray(await broken.json()));
});

test('an unknown path is 404 with an array body', async () => {
  const { status, body } = await sim.call('GET', '/no_such_things');
  assert.equal(status, 404);
  assert.ok(Array.isArray(body));
});

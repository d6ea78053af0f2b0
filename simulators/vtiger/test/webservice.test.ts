import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import request from 'supertest';
import { createVtigerSimulator } from '../src/index.js';
import {
  aProduct,
  anAccount,
  anInvoice,
  errorOf,
  login,
  result,
  wsApi,
  wsGet,
  wsPost,
  type Json,
} from './helpers.js';

const md5 = (s: string) => createHash('md5').update(s).digest('hex');

test('getchallenge answers a 13-hex token valid for 300 seconds', async () => {
  const { app } = createVtigerSimulator();
  const r = result<{ token: string; serverTime: number; expireTime: number }>(
    (await wsGet(app, { operation: 'getchallenge', username: 'admin' })).body,
  );
  assert.match(r.token, /^[0-9a-f]{13}$/);
  assert.equal(r.expireTime - r.serverTime, 300);
});

test('login with md5(token + accessKey) answers a session and the user id', async () => {
  const { app } = createVtigerSimulator();
  const s = await login(app);
  assert.equal(s.userId, '19x1');
  assert.ok(s.sessionName.length > 10);
  const bridge = await login(app, 'bridge', 'bridgeAccessKey1');
  assert.equal(bridge.userId, '19x5');
});

test('a second getchallenge replaces the first token: its hash gives INVALID_USER_CREDENTIALS', async () => {
  const { app } = createVtigerSimulator();
  const first = result<{ token: string }>(
    (await wsGet(app, { operation: 'getchallenge', username: 'admin' })).body,
  );
  await wsGet(app, { operation: 'getchallenge', username: 'admin' });
  const res = await wsPost(app, {
    operation: 'login',
    username: 'admin',
    accessKey: md5(first.token + 'demoAccessKey123'),
  });
  assert.equal(errorOf(res.body).code, 'INVALID_USER_CREDENTIALS');
});

test('a challenge token expires after 300 s of simulator time: INVALID_AUTH_TOKEN', async () => {
  const { app, controls } = createVtigerSimulator();
  const ch = result<{ token: string }>(
    (await wsGet(app, { operation: 'getchallenge', username: 'admin' })).body,
  );
  controls.clock.advance(301_000);
  const res = await wsPost(app, {
    operation: 'login',
    username: 'admin',
    accessKey: md5(ch.token + 'demoAccessKey123'),
  });
  assert.equal(errorOf(res.body).code, 'INVALID_AUTH_TOKEN');
});

test('a session left idle for 30 minutes is refused with SESSION_LEFT_IDLE', async () => {
  const { app } = createVtigerSimulator();
  const api = await wsApi(app);
  await request(app).post('/__sim/clock').send({ advanceMs: 1_800_000 });
  assert.equal(errorOf(await api.get('listtypes')).code, 'SESSION_LEFT_IDLE');
});

test('a session in use expires after 24 hours with SESSION_EXPIRED', async () => {
  const { app, controls } = createVtigerSimulator();
  const api = await wsApi(app);
  for (let i = 0; i < 49; i++) {
    controls.clock.advance(1_790_000);
    if (i < 48) result(await api.get('listtypes'));
  }
  assert.equal(errorOf(await api.get('listtypes')).code, 'SESSION_EXPIRED');
});

test('without sessionName an operation answers AUTHENTICATION_REQUIRED, a bogus one INVALID_SESSIONID', async () => {
  const { app } = createVtigerSimulator();
  assert.deepEqual(errorOf((await wsGet(app, { operation: 'retrieve', id: '19x1' })).body), {
    code: 'AUTHENTICATION_REQUIRED',
    message: 'Authencation required',
  });
  const bogus = await wsGet(app, { operation: 'retrieve', id: '19x1', sessionName: 'nope' });
  assert.equal(errorOf(bogus.body).code, 'INVALID_SESSIONID');
});

test('create answers every value as a string with autonumber, times and modifiedby of the caller', async () => {
  const { app } = createVtigerSimulator();
  const api = await wsApi(app, 'bridge', 'bridgeAccessKey1');
  const rec = result<Json>(
    await api.post('create', { elementType: 'Accounts', element: anAccount({ employees: '42' }) }),
  );
  assert.match(String(rec.id), /^11x\d+$/);
  assert.equal(rec.account_no, 'ACC1');
  assert.equal(rec.employees, '42');
  assert.equal(rec.annual_revenue, '0.00000000');
  assert.equal(rec.modifiedby, '19x5');
  assert.equal(rec.source, 'WEBSERVICE');
  assert.match(String(rec.modifiedtime), /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
  for (const v of Object.values(rec)) assert.equal(typeof v, 'string');
});

test('when a mandatory field is missing, create answers MANDATORY_FIELDS_MISSING naming the first one', async () => {
  const { app } = createVtigerSimulator();
  const api = await wsApi(app);
  assert.deepEqual(errorOf(await api.post('create', { elementType: 'Accounts', element: { phone: '1' } })), {
    code: 'MANDATORY_FIELDS_MISSING',
    message: 'accountname does not have a value',
  });
});

test('a reference to another module gives REFERENCE_INVALID naming the field', async () => {
  const { app } = createVtigerSimulator();
  const api = await wsApi(app);
  const p = result<Json>(await api.post('create', { elementType: 'Products', element: aProduct() }));
  const err = errorOf(
    await api.post('create', {
      elementType: 'Contacts',
      element: { lastname: 'X', assigned_user_id: '19x1', account_id: p.id },
    }),
  );
  assert.deepEqual(err, { code: 'REFERENCE_INVALID', message: 'Invalid reference specified for account_id' });
});

test('an inactive currency on a product gives CURRENCY_INACTIVE', async () => {
  const { app } = createVtigerSimulator({
    currencies: [
      {
        id: 1,
        currency_name: 'USA, Dollars',
        currency_code: 'USD',
        currency_symbol: '$',
        conversion_rate: '1.00000',
        currency_status: 'Active',
        defaultid: '-11',
      },
      {
        id: 2,
        currency_name: 'Euro',
        currency_code: 'EUR',
        currency_symbol: '€',
        conversion_rate: '0.90000',
        currency_status: 'Inactive',
        defaultid: '0',
      },
    ],
  });
  const api = await wsApi(app);
  const a = result<Json>(await api.post('create', { elementType: 'Accounts', element: anAccount() }));
  const p = result<Json>(await api.post('create', { elementType: 'Products', element: aProduct() }));
  const err = errorOf(
    await api.post('create', {
      elementType: 'Invoice',
      element: anInvoice(String(a.id), String(p.id), { currency_id: '21x2' }),
    }),
  );
  assert.equal(err.code, 'CURRENCY_INACTIVE');
});

test('a duplicate account name (any case) is refused with the integer code 0', async () => {
  const { app } = createVtigerSimulator();
  const api = await wsApi(app);
  result(await api.post('create', { elementType: 'Accounts', element: anAccount() }));
  const err = errorOf(
    await api.post('create', { elementType: 'Accounts', element: anAccount({ accountname: 'ACME LTD' }) }),
  );
  assert.deepEqual(err, { code: 0, message: 'Duplicate(s) detected!' });
});

test('revise changes only the sent fields and bumps modifiedtime on the simulator clock', async () => {
  const { app, controls } = createVtigerSimulator();
  const api = await wsApi(app);
  const a = result<Json>(
    await api.post('create', { elementType: 'Accounts', element: anAccount({ website: 'w' }) }),
  );
  controls.clock.advance(61_000);
  const r = result<Json>(await api.post('revise', { element: { id: a.id, phone: '123' } }));
  assert.equal(r.phone, '123');
  assert.equal(r.website, 'w');
  assert.notEqual(r.modifiedtime, a.modifiedtime);
  assert.equal(r.createdtime, a.createdtime);
});

test('update without the mandatory fields answers MANDATORY_FIELDS_MISSING; with them omitted fields are kept', async () => {
  const { app } = createVtigerSimulator();
  const api = await wsApi(app);
  const a = result<Json>(
    await api.post('create', { elementType: 'Accounts', element: anAccount({ website: 'w' }) }),
  );
  assert.equal(
    errorOf(await api.post('update', { element: { id: a.id, phone: '1' } })).message,
    'accountname does not have a value',
  );
  const r = result<Json>(
    await api.post('update', {
      element: { id: a.id, accountname: 'Acme Ltd', assigned_user_id: '19x1', phone: '1' },
    }),
  );
  assert.equal(r.website, 'w');
  assert.equal(r.phone, '1');
});

test('when a record is deleted, retrieve, revise and delete answer ACCESS_DENIED and query no longer lists it', async () => {
  const { app } = createVtigerSimulator();
  const api = await wsApi(app);
  const a = result<Json>(await api.post('create', { elementType: 'Accounts', element: anAccount() }));
  assert.deepEqual(result(await api.post('delete', { id: a.id })), { status: 'successful' });
  const denied = { code: 'ACCESS_DENIED', message: 'Permission to perform the operation is denied' };
  assert.deepEqual(errorOf(await api.get('retrieve', { id: String(a.id) })), denied);
  assert.deepEqual(errorOf(await api.post('revise', { element: { id: a.id, phone: '1' } })), denied);
  assert.deepEqual(errorOf(await api.post('delete', { id: a.id })), denied);
  assert.deepEqual(result(await api.get('query', { query: 'SELECT accountname FROM Accounts;' })), []);
});

test('ids: malformed or unknown prefix give ACCESS_DENIED for id; another module prefix INVALID_ID_ATTRIBUTE', async () => {
  const { app } = createVtigerSimulator();
  const api = await wsApi(app);
  const a = result<Json>(await api.post('create', { elementType: 'Accounts', element: anAccount() }));
  assert.equal(
    errorOf(await api.get('retrieve', { id: 'abc' })).message,
    'Permission to perform the operation is denied for id',
  );
  assert.equal(
    errorOf(await api.get('retrieve', { id: '99x1' })).message,
    'Permission to perform the operation is denied for id',
  );
  assert.equal(
    errorOf(await api.get('retrieve', { id: String(a.id).replace('11x', '12x') })).code,
    'INVALID_ID_ATTRIBUTE',
  );
});

test('an unknown module gives ACCESS_DENIED on create, describe and query', async () => {
  const { app } = createVtigerSimulator();
  const api = await wsApi(app);
  assert.equal(
    errorOf(await api.post('create', { elementType: 'Foo', element: {} })).message,
    'Permission to perform the operation is denied',
  );
  assert.equal(
    errorOf(await api.get('describe', { elementType: 'Foo' })).message,
    'Permission to perform the operation is denied for name : Foo',
  );
  assert.equal(errorOf(await api.get('query', { query: 'SELECT * FROM Foo;' })).code, 'ACCESS_DENIED');
});

test('describe reports stock id prefixes and mandatory fields (Services 26 with an optional owner)', async () => {
  const { app } = createVtigerSimulator();
  const api = await wsApi(app);
  const prefixes: Record<string, string> = {
    Accounts: '11',
    Contacts: '12',
    Products: '14',
    Services: '26',
    Invoice: '7',
  };
  for (const [m, p] of Object.entries(prefixes))
    assert.equal(result<Json>(await api.get('describe', { elementType: m })).idPrefix, p);
  const services = result<{ fields: { name: string; mandatory: unknown }[] }>(
    await api.get('describe', { elementType: 'Services' }),
  );
  assert.deepEqual(
    services.fields.filter((f) => f.mandatory === true).map((f) => f.name),
    ['servicename'],
  );
});

test('listtypes lists 35 types with Tax, Currency and LineItem as non-entities', async () => {
  const { app } = createVtigerSimulator();
  const api = await wsApi(app);
  const r = result<{ types: string[]; information: Record<string, { isEntity: boolean }> }>(
    await api.get('listtypes'),
  );
  assert.equal(r.types.length, 35);
  assert.equal(r.information.Tax?.isEntity, false);
  assert.equal(r.information.Accounts?.isEntity, true);
});

test('query pages are capped at 100 rows and LIMIT o,n pages by offset', async () => {
  const { app } = createVtigerSimulator();
  await request(app).post('/__sim/seed').send({ module: 'Accounts', count: 120 });
  const api = await wsApi(app);
  const q = async (text: string) => result<Json[]>(await api.get('query', { query: text }));
  assert.equal((await q('SELECT accountname FROM Accounts;')).length, 100);
  assert.equal((await q('SELECT accountname FROM Accounts LIMIT 150;')).length, 100);
  assert.equal((await q('SELECT accountname FROM Accounts LIMIT 100,10;')).length, 10);
  assert.equal((await q('SELECT accountname FROM Accounts LIMIT 115,100;')).length, 5);
  assert.deepEqual(await q('SELECT count(*) FROM Accounts;'), [{ count: '120' }]);
  const page = await q('SELECT accountname FROM Accounts ORDER BY accountname DESC LIMIT 0,2;');
  assert.deepEqual(Object.keys(page[0] ?? {}), ['accountname', 'id']);
  assert.equal(page[0]?.accountname, 'Bulk Account 120');
});

test('query syntax errors read like the VTQL parser: missing ";", parentheses, <>', async () => {
  const { app } = createVtigerSimulator();
  const api = await wsApi(app);
  const err = async (text: string) => errorOf(await api.get('query', { query: text }));
  assert.equal(
    (await err('SELECT accountname FROM Accounts LIMIT 2')).message,
    "Syntax Error on line 1: token '2' Unexpected End of Input(0), expected one of: SEMICOLON",
  );
  assert.equal(
    (await err("SELECT accountname FROM Accounts WHERE (accountname = 'a');")).code,
    'QUERY_SYNTAX_ERROR',
  );
  assert.equal(
    (await err("SELECT accountname FROM Accounts WHERE accountname <> 'a';")).message,
    "Syntax Error on line 1: token '>' Unexpected GT(>), expected one of: VALUE",
  );
  assert.equal(
    (await err('SELECT nosuchcol FROM Accounts;')).message,
    "Permission to access '.nosuchcol.' attribute denied.",
  );
});

test('WHERE supports = != < > IN LIKE with AND binding tighter than OR', async () => {
  const { app } = createVtigerSimulator();
  const api = await wsApi(app);
  for (const [name, industry] of [
    ['A1', 'Banking'],
    ['A2', ''],
    ['B1', 'Banking'],
  ]) {
    result(
      await api.post('create', {
        elementType: 'Accounts',
        element: anAccount({ accountname: name, industry }),
      }),
    );
  }
  const names = async (where: string) =>
    result<Json[]>(
      await api.get('query', {
        query: `SELECT accountname FROM Accounts WHERE ${where} ORDER BY accountname;`,
      }),
    ).map((r) => r.accountname);
  assert.deepEqual(await names("accountname = 'A2' OR accountname LIKE 'A%' AND industry = 'Banking'"), [
    'A1',
    'A2',
  ]);
  assert.deepEqual(await names("accountname IN ('A1','B1','Z')"), ['A1', 'B1']);
  assert.deepEqual(await names("accountname != 'A1'"), ['A2', 'B1']);
});

test('a query sent in a POST body is refused: query reads only the URL', async () => {
  const { app } = createVtigerSimulator();
  const api = await wsApi(app);
  assert.equal(
    errorOf(await api.post('query', { query: 'SELECT * FROM Accounts;' })).message,
    'Permission to perform the operation is denied for query',
  );
});

test('sync and logout crash with HTTP 500 and an empty body, and the session stays valid', async () => {
  const { app } = createVtigerSimulator();
  const api = await wsApi(app);
  const sync = await wsGet(app, { operation: 'sync', sessionName: api.sessionName, modifiedTime: '0' });
  assert.equal(sync.status, 500);
  assert.equal(sync.text, '');
  const logout = await wsPost(app, { operation: 'logout', sessionName: api.sessionName });
  assert.equal(logout.status, 500);
  result(await api.get('listtypes'));
});

test('an unknown operation answers HTTP 500 with an empty body', async () => {
  const { app } = createVtigerSimulator();
  const res = await wsGet(app, { operation: 'nosuchop' });
  assert.equal(res.status, 500);
  assert.equal(res.text, '');
});

test('Tax and Currency are queryable and retrievable entities', async () => {
  const { app } = createVtigerSimulator();
  const api = await wsApi(app);
  const taxes = result<Json[]>(await api.get('query', { query: 'SELECT * FROM Tax;' }));
  assert.deepEqual(
    taxes.map((t) => [t.id, t.taxlabel, t.percentage]),
    [
      ['34x1', 'VAT', '4.500'],
      ['34x2', 'Sales', '10.000'],
      ['34x3', 'Service', '12.500'],
    ],
  );
  assert.equal(result<Json>(await api.get('retrieve', { id: '34x1' })).taxid, '1');
  assert.equal(result<Json>(await api.get('retrieve', { id: '21x1' })).currency_code, 'USD');
});

test("retrieve_related lists an organization's contacts; a bad label gives UNKOWN_ENTITY", async () => {
  const { app } = createVtigerSimulator();
  const api = await wsApi(app);
  const a = result<Json>(await api.post('create', { elementType: 'Accounts', element: anAccount() }));
  result(
    await api.post('create', {
      elementType: 'Contacts',
      element: { lastname: 'Gail', assigned_user_id: '19x1', account_id: a.id },
    }),
  );
  const rows = result<Json[]>(
    await api.get('retrieve_related', {
      id: String(a.id),
      relatedLabel: 'Contacts',
      relatedType: 'Contacts',
    }),
  );
  assert.deepEqual(
    rows.map((r) => r.lastname),
    ['Gail'],
  );
  const bad = await api.get('retrieve_related', {
    id: String(a.id),
    relatedLabel: 'Nope',
    relatedType: 'Contacts',
  });
  assert.equal(errorOf(bad).code, 'UNKOWN_ENTITY');
});

test('products store tax1 only when sent and are inactive unless discontinued is "1"', async () => {
  const { app } = createVtigerSimulator();
  const api = await wsApi(app);
  const p = result<Json>(
    await api.post('create', { elementType: 'Products', element: aProduct({ tax1: '20' }) }),
  );
  assert.equal(p.tax1, '20.000');
  assert.equal(p.tax2, undefined);
  assert.equal(p.discontinued, '0');
  assert.equal(p.currency1, 50);
});

test('an individual-tax invoice totals are recomputed by the server, sent totals ignored', async () => {
  const { app } = createVtigerSimulator();
  const api = await wsApi(app);
  const a = result<Json>(await api.post('create', { elementType: 'Accounts', element: anAccount() }));
  const p = result<Json>(
    await api.post('create', { elementType: 'Products', element: aProduct({ tax1: '20' }) }),
  );
  const inv = result<Json>(
    await api.post('create', {
      elementType: 'Invoice',
      element: anInvoice(String(a.id), String(p.id), { hdnGrandTotal: '999' }),
    }),
  );
  assert.deepEqual([inv.hdnSubTotal, inv.pre_tax_total, inv.hdnGrandTotal], [120, 100, 120]);
  const back = result<Json>(await api.get('retrieve', { id: String(inv.id) }));
  assert.equal(back.hdnGrandTotal, '120.00000000');
  assert.equal(back.productid, p.id);
  assert.equal((back.LineItems as Json[]).length, 1);
});

test("group tax applies the first line's percentages; shipping tax and adjustment are added", async () => {
  const { app } = createVtigerSimulator();
  const api = await wsApi(app);
  const a = result<Json>(await api.post('create', { elementType: 'Accounts', element: anAccount() }));
  const p = result<Json>(
    await api.post('create', { elementType: 'Products', element: aProduct({ tax1: '20' }) }),
  );
  const s = result<Json>(
    await api.post('create', {
      elementType: 'Services',
      element: { servicename: 'Support', unit_price: '100' },
    }),
  );
  const lines = [
    { productid: p.id, quantity: '2', listprice: '50', tax1: '20' },
    { productid: s.id, quantity: '1', listprice: '100' },
  ];
  const group = result<Json>(
    await api.post('create', {
      elementType: 'Invoice',
      element: anInvoice(String(a.id), String(p.id), { hdnTaxType: 'group', LineItems: lines }),
    }),
  );
  assert.deepEqual([group.hdnSubTotal, group.hdnGrandTotal], [200, 240]);
  const shipping = result<Json>(
    await api.post('create', {
      elementType: 'Invoice',
      element: anInvoice(String(a.id), String(p.id), {
        'shipping_&_handling': '10',
        'shipping_&_handling_shtax1': '4.5',
        txtAdjustment: '-5',
        LineItems: [{ productid: p.id, quantity: '1', listprice: '100', tax1: '20' }],
      }),
    }),
  );
  assert.deepEqual(
    [shipping.hdnSubTotal, shipping.pre_tax_total, shipping.hdnGrandTotal],
    [120, 110, 125.44999999999999],
  );
});

test('an invoice needs the header productid and at least one line', async () => {
  const { app } = createVtigerSimulator();
  const api = await wsApi(app);
  const a = result<Json>(await api.post('create', { elementType: 'Accounts', element: anAccount() }));
  const p = result<Json>(await api.post('create', { elementType: 'Products', element: aProduct() }));
  const noHeader = anInvoice(String(a.id), String(p.id));
  delete noHeader.productid;
  assert.equal(
    errorOf(await api.post('create', { elementType: 'Invoice', element: noHeader })).message,
    'productid does not have a value',
  );
  const noLines = anInvoice(String(a.id), String(p.id));
  delete noLines.LineItems;
  assert.equal(
    errorOf(await api.post('create', { elementType: 'Invoice', element: noLines })).message,
    'Mandatory Fields Missing..',
  );
});

test('a revise with LineItems replaces every line with new ids and recomputes; without keeps them', async () => {
  const { app } = createVtigerSimulator();
  const api = await wsApi(app);
  const a = result<Json>(await api.post('create', { elementType: 'Accounts', element: anAccount() }));
  const p = result<Json>(
    await api.post('create', { elementType: 'Products', element: aProduct({ tax1: '20' }) }),
  );
  const inv = result<Json>(
    await api.post('create', { elementType: 'Invoice', element: anInvoice(String(a.id), String(p.id)) }),
  );
  await api.post('create', {
    elementType: 'Invoice',
    element: anInvoice(String(a.id), String(p.id), { subject: 'other' }),
  });
  const before = (inv.LineItems as Json[])[0]?.id;
  const revised = result<Json>(
    await api.post('revise', {
      element: {
        id: inv.id,
        hdnTaxType: 'individual',
        LineItems: [{ productid: p.id, quantity: '3', listprice: '50', tax1: '20' }],
      },
    }),
  );
  assert.notEqual((revised.LineItems as Json[])[0]?.id, before);
  assert.equal(revised.hdnGrandTotal, 180);
  const headerOnly = result<Json>(await api.post('revise', { element: { id: inv.id, description: 'x' } }));
  assert.equal((headerOnly.LineItems as Json[]).length, 1);
});

test('an update carrying hdnDiscountAmount "" crashes like PHP 8 (HTTP 500, empty body)', async () => {
  const { app } = createVtigerSimulator();
  const api = await wsApi(app);
  const a = result<Json>(await api.post('create', { elementType: 'Accounts', element: anAccount() }));
  const p = result<Json>(await api.post('create', { elementType: 'Products', element: aProduct() }));
  const inv = result<Json>(
    await api.post('create', { elementType: 'Invoice', element: anInvoice(String(a.id), String(p.id)) }),
  );
  const res = await wsPost(app, {
    operation: 'revise',
    sessionName: api.sessionName,
    element: { id: inv.id, hdnDiscountAmount: '' },
  });
  assert.equal(res.status, 500);
  assert.equal(res.text, '');
});

test('stats count calls per webservice operation and status', async () => {
  const { app } = createVtigerSimulator();
  const api = await wsApi(app);
  await api.get('listtypes');
  const stats = (await request(app).get('/__sim/stats')).body as {
    calls: Record<string, Record<string, number>>;
  };
  assert.equal(stats.calls.getchallenge?.['200'], 1);
  assert.equal(stats.calls.login?.['200'], 1);
  assert.equal(stats.calls.listtypes?.['200'], 1);
});

test("an injected fault answers in Vtiger's error format with the injected status", async () => {
  const { app } = createVtigerSimulator();
  const api = await wsApi(app);
  await request(app)
    .post('/__sim/faults')
    .send({ match: { operation: 'create' }, status: 503, times: 1 });
  const res = await wsPost(app, {
    operation: 'create',
    sessionName: api.sessionName,
    elementType: 'Accounts',
    element: anAccount(),
  });
  assert.equal(res.status, 503);
  assert.equal((res.body as Json).success, false);
  result(await api.post('create', { elementType: 'Accounts', element: anAccount() }));
});

test('reset restores the initial state: records and sessions are gone, users and taxes stay', async () => {
  const { app } = createVtigerSimulator();
  const api = await wsApi(app);
  result(await api.post('create', { elementType: 'Accounts', element: anAccount() }));
  assert.equal((await request(app).post('/__sim/reset')).status, 204);
  assert.equal(errorOf(await api.get('listtypes')).code, 'INVALID_SESSIONID');
  const again = await wsApi(app);
  assert.deepEqual(result(await again.get('query', { query: 'SELECT count(*) FROM Accounts;' })), [
    { count: '0' },
  ]);
  assert.equal(result<Json[]>(await again.get('query', { query: 'SELECT * FROM Tax;' })).length, 3);
  const created = result<Json>(await again.post('create', { elementType: 'Accounts', element: anAccount() }));
  assert.equal(created.account_no, 'ACC1');
});

test('seed bulk-creates records and answers their ids', async () => {
  const { app } = createVtigerSimulator();
  const res = await request(app)
    .post('/__sim/seed')
    .send({ module: 'Products', count: 3000, template: { unit_price: '10' } });
  assert.equal(res.status, 201);
  const ids = (res.body as { ids: string[] }).ids;
  assert.equal(ids.length, 3000);
  assert.match(ids[0] ?? '', /^14x\d+$/);
});

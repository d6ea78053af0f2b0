import { test } from 'node:test';
import assert from 'node:assert/strict';
import request from 'supertest';
import { createVtigerSimulator } from '../src/index.js';
import { anAccount, result, startReceiver, wsApi, type Json } from './helpers.js';

test('with a workflow set, an API create posts the custom-function payload before the create answers', async () => {
  const receiver = await startReceiver();
  try {
    const { app } = createVtigerSimulator();
    await request(app).post('/__sim/workflow').send({ url: receiver.url, secret: 's3cret' });
    const api = await wsApi(app, 'bridge', 'bridgeAccessKey1');
    const rec = result<Json>(await api.post('create', { elementType: 'Accounts', element: anAccount() }));
    assert.equal(receiver.requests.length, 1);
    const call = receiver.requests[0];
    assert.equal(call?.headers['x-bridge-secret'], 's3cret');
    assert.match(String(call?.headers['content-type']), /application\/json/);
    assert.deepEqual(JSON.parse(call?.body ?? '{}'), {
      module: 'Accounts',
      id: rec.id,
      event: 'save',
      modifiedtime: rec.modifiedtime,
      modifiedby: '19x5',
    });
  } finally {
    await receiver.close();
  }
});

test('revise and update call the workflow too, but delete does not (as on a real 8.2.0)', async () => {
  const receiver = await startReceiver();
  try {
    const { app } = createVtigerSimulator();
    await request(app).post('/__sim/workflow').send({ url: receiver.url, secret: 's' });
    const api = await wsApi(app);
    const rec = result<Json>(await api.post('create', { elementType: 'Accounts', element: anAccount() }));
    result(await api.post('revise', { element: { id: rec.id, phone: '1' } }));
    result(
      await api.post('update', {
        element: { id: rec.id, accountname: 'Acme Ltd', assigned_user_id: '19x1' },
      }),
    );
    result(await api.post('delete', { id: rec.id }));
    assert.deepEqual(
      receiver.requests.map((r) => (JSON.parse(r.body) as Json).event),
      ['save', 'save', 'save'],
    );
  } finally {
    await receiver.close();
  }
});

test('the cloud style posts the record form-encoded with the secret in the URL', async () => {
  const receiver = await startReceiver();
  try {
    const { app } = createVtigerSimulator();
    await request(app).post('/__sim/workflow').send({ url: receiver.url, secret: 'abc', style: 'cloud' });
    const api = await wsApi(app);
    const rec = result<Json>(await api.post('create', { elementType: 'Accounts', element: anAccount() }));
    const call = receiver.requests[0];
    assert.match(call?.url ?? '', /\?secret=abc$/);
    const form = new URLSearchParams(call?.body);
    assert.equal(form.get('module'), 'Accounts');
    assert.equal(form.get('id'), rec.id);
    assert.equal(form.get('accountname'), 'Acme Ltd');
  } finally {
    await receiver.close();
  }
});

test('a failing webhook does not fail the save and is counted under "workflow"', async () => {
  const receiver = await startReceiver();
  receiver.status = 500;
  try {
    const { app } = createVtigerSimulator();
    await request(app).post('/__sim/workflow').send({ url: receiver.url, secret: 's' });
    const api = await wsApi(app);
    result(await api.post('create', { elementType: 'Accounts', element: anAccount() }));
    await receiver.close();
    result(
      await api.post('create', { elementType: 'Accounts', element: anAccount({ accountname: 'Other' }) }),
    );
    const stats = (await request(app).get('/__sim/stats')).body as {
      calls: Record<string, Record<string, number>>;
    };
    assert.deepEqual(stats.calls.workflow, { '500': 1, dropped: 1 });
  } finally {
    await receiver.close();
  }
});

test('a UI save creates or updates as the admin and triggers the workflow; DELETE stops it', async () => {
  const receiver = await startReceiver();
  try {
    const { app } = createVtigerSimulator();
    await request(app).post('/__sim/workflow').send({ url: receiver.url, secret: 's' });
    const created = await request(app)
      .post('/__sim/ui/save')
      .send({ module: 'Accounts', fields: { accountname: 'UI Co' } });
    assert.equal(created.status, 201);
    const body = created.body as Json;
    assert.equal(body.modifiedby, '19x1');
    const updated = await request(app)
      .post('/__sim/ui/save')
      .send({ module: 'Accounts', id: body.id, fields: { phone: '9' } });
    assert.equal((updated.body as Json).phone, '9');
    assert.equal(receiver.requests.length, 2);
    await request(app).delete('/__sim/workflow');
    await request(app)
      .post('/__sim/ui/save')
      .send({ module: 'Accounts', id: body.id, fields: { phone: '8' } });
    assert.equal(receiver.requests.length, 2);
  } finally {
    await receiver.close();
  }
});

test('seeding does not call the workflow', async () => {
  const receiver = await startReceiver();
  try {
    const { app } = createVtigerSimulator();
    await request(app).post('/__sim/workflow').send({ url: receiver.url, secret: 's' });
    await request(app).post('/__sim/seed').send({ module: 'Accounts', count: 50 });
    assert.equal(receiver.requests.length, 0);
  } finally {
    await receiver.close();
  }
});

const basic = (user = 'admin', key = 'demoAccessKey123') =>
  `Basic ${Buffer.from(`${user}:${key}`).toString('base64')}`;

test('REST v1 authenticates with Basic user:accessKey and answers /me', async () => {
  const { app } = createVtigerSimulator();
  const me = await request(app)
    .get('/restapi/v1/vtiger/default/me')
    .set('Authorization', basic('bridge', 'bridgeAccessKey1'));
  assert.equal(me.status, 200);
  assert.equal((me.body as { result: Json }).result.id, '19x5');
  const bad = await request(app)
    .get('/restapi/v1/vtiger/default/me')
    .set('Authorization', basic('admin', 'wrong'));
  assert.equal(bad.status, 401);
});

test('REST v1 sync reports updated and deleted records since a Unix time', async () => {
  const { app, controls } = createVtigerSimulator();
  const rest = (path: string) =>
    request(app).get(`/restapi/v1/vtiger/default/${path}`).set('Authorization', basic());
  const post = (path: string, form: Record<string, string>) =>
    request(app)
      .post(`/restapi/v1/vtiger/default/${path}`)
      .set('Authorization', basic())
      .type('form')
      .send(form);
  const a = (await post('create', { elementType: 'Accounts', element: JSON.stringify(anAccount()) }))
    .body as { result: Json };
  const b = (
    await post('create', {
      elementType: 'Accounts',
      element: JSON.stringify(anAccount({ accountname: 'B' })),
    })
  ).body as { result: Json };
  controls.clock.advance(10_000);
  const since = Math.floor(controls.clock.now() / 1000);
  await post('delete', { id: String(b.result.id) });
  await post('revise', { element: JSON.stringify({ id: a.result.id, phone: '7' }) });
  const sync = (await rest(`sync?modifiedTime=${since}&elementType=Accounts&syncType=application`)).body as {
    result: { updated: Json[]; deleted: string[]; more: boolean };
  };
  assert.deepEqual(
    sync.result.updated.map((r) => r.id),
    [a.result.id],
  );
  assert.deepEqual(sync.result.deleted, [b.result.id]);
  assert.equal(sync.result.more, false);
});

test('REST v1 answers 429 with flood-control headers past the per-minute limit, and recovers a minute later', async () => {
  const { app, controls } = createVtigerSimulator({ restLimits: { perMinute: 3, perDay: 100 } });
  const call = () => request(app).get('/restapi/v1/vtiger/default/listtypes').set('Authorization', basic());
  for (let i = 0; i < 3; i++) assert.equal((await call()).status, 200);
  const limited = await call();
  assert.equal(limited.status, 429);
  assert.equal(limited.headers['x-floodcontrol-minutelimit'], '3');
  assert.equal(limited.headers['x-floodcontrol-remaining'], '0');
  assert.ok(Number(limited.headers['retry-after']) > 0);
  assert.equal(limited.headers['x-ratelimit-dailylimit'], '100');
  controls.clock.advance(61_000);
  assert.equal((await call()).status, 200);
  const stats = (await request(app).get('/__sim/stats')).body as {
    calls: Record<string, Record<string, number>>;
  };
  assert.deepEqual(stats.calls['rest:listtypes'], { '200': 4, '429': 1 });
});

test('REST v1 answers errors with HTTP 400 and the Vtiger error body', async () => {
  const { app } = createVtigerSimulator();
  const res = await request(app)
    .post('/restapi/v1/vtiger/default/create')
    .set('Authorization', basic())
    .type('form')
    .send({ elementType: 'Accounts', element: '{}' });
  assert.equal(res.status, 400);
  assert.equal((res.body as { error: Json }).error.code, 'MANDATORY_FIELDS_MISSING');
});

// Integration test: real Kafka and real database
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startBridgeStack, countOf, type BridgeStack } from '../../../../test/support/bridge-stack.js';
import { eventually } from '../../../../test/support/environment.js';
import { aChangeEvent } from '../../../../test/support/event-builders.js';
import { readTopic } from '../../../../test/support/kafka-reader.js';

const ONE_WAY = { organizations: { enabled: true, direction: 'vtiger_to_sage' as const } };
const MAX_RETRY_MS = 3_000;

let stack: BridgeStack;
let deadLetters: Awaited<ReturnType<typeof readTopic>>;

/** An Organization saved by a person in Vtiger: the workflow tells the bridge (tenant acme). */
async function saveOrganization(name: string) {
  const account = await stack.vtigerAdmin.create('Accounts', {
    accountname: name,
    phone: '+44 113 496 0000',
    bill_city: 'Leeds',
    assigned_user_id: '19x1',
  });
  return account.id!;
}

/** An Organization that exists in Vtiger without any workflow having run (bulk import). */
async function importedOrganization(name: string) {
  const { data } = await stack.vtigerControl.post('/seed', {
    module: 'Accounts',
    count: 1,
    template: { accountname: name },
  });
  return data.ids[0] as string;
}

async function entryFor(tenantId: string, vtigerId: string, timeoutMs = 15_000) {
  return eventually(
    async () => (await stack.syncLog(tenantId)).find((e) => e.vtigerId === vtigerId),
    `the sync-log entry for ${vtigerId} of ${tenantId}`,
    timeoutMs,
  );
}

async function sageCustomersNamed(name: string) {
  const { data } = await stack.sageControl.get('/records/contacts');
  return (data.items as Array<{ id: string; name: string }>).filter((c) => c.name === name);
}

const injectSageFault = (fault: object) => stack.sageControl.post('/faults', fault);

before(async () => {
  stack = await startBridgeStack('sync-failures', { maxRetryMs: MAX_RETRY_MS });
  // Tenants whose changes the tests publish themselves; acme last, so the workflow posts for it.
  for (const tenantId of ['outage', 'revoked', 'lapsed']) await stack.connect(tenantId, ONE_WAY);
  await stack.connect('acme', ONE_WAY);
  deadLetters = await readTopic(stack.kafka, stack.topics.deadLetter);
});
after(async () => {
  await deadLetters?.stop();
  await stack?.stop();
});

describe('when Sage is briefly unavailable', () => {
  test('a create answered 503 three times still ends created, with exactly one Sage customer', async () => {
    await injectSageFault({ match: { method: 'POST', path: '/v3.1/contacts' }, status: 503, times: 3 });
    const vtigerId = await saveOrganization('Umbrella Retry Ltd');

    const entry = await entryFor('acme', vtigerId);
    assert.equal(entry.outcome, 'created', JSON.stringify(entry.reason));
    const calls = await stack.sageCalls();
    assert.equal(countOf(calls, 'POST /v3.1/contacts', 503), 3, 'the three refused attempts');
    assert.equal(countOf(calls, 'POST /v3.1/contacts', 201), 1, 'one successful create');
    const customers = await sageCustomersNamed('Umbrella Retry Ltd');
    assert.deepEqual(
      customers.map((c) => c.id),
      [entry.sageId],
    );
    assert.equal(
      (await stack.syncLog('acme')).filter((e) => e.vtigerId === vtigerId).length,
      1,
      'the retries are not logged as entries of their own',
    );
  });
});

describe('when Sage rejects a record', () => {
  const sageError = {
    $severity: 'error',
    $dataCode: 'RecordInvalid',
    $message: 'is too long (maximum is 100 characters)',
    $source: 'name',
  };

  test("the entry is failed UPSTREAM_REJECTED with Sage's message and field, and the change is dead-lettered", async () => {
    const createsBefore = countOf(await stack.sageCalls(), 'POST /v3.1/contacts', 201);
    await injectSageFault({
      match: { method: 'POST', path: '/v3.1/contacts' },
      status: 422,
      body: [sageError],
      times: 1,
    });
    const vtigerId = await saveOrganization('Rejected Holdings Ltd');

    const entry = await entryFor('acme', vtigerId);
    assert.equal(entry.outcome, 'failed');
    assert.equal(entry.reason?.code, 'UPSTREAM_REJECTED');
    assert.equal(entry.reason?.field, 'name');
    assert.match(entry.reason?.message ?? '', /is too long \(maximum is 100 characters\)/);
    assert.equal(countOf(await stack.sageCalls(), 'POST /v3.1/contacts', 201), createsBefore);

    const changeEventId = entry.id.replace(/:result$/, '');
    const letter = await eventually(
      async () =>
        deadLetters.messages.find(
          (m) => (m.value as { eventId: string }).eventId === `${changeEventId}:dead-letter`,
        ),
      'the dead-letter message for the rejected change',
    );
    const value = letter.value as { reason: string; original: string; topic: string };
    assert.match(value.reason, /^UPSTREAM_REJECTED: /);
    assert.equal(value.topic, stack.topics.changes);
    assert.equal(JSON.parse(value.original).recordId, vtigerId);
  });

  test('once Sage accepts it, an operator retry from the failures list creates the customer', async () => {
    await injectSageFault({
      match: { method: 'POST', path: '/v3.1/contacts' },
      status: 422,
      body: [sageError],
      times: 1,
    });
    const vtigerId = await saveOrganization('Second Chance Ltd');
    const failed = await entryFor('acme', vtigerId);
    assert.equal(failed.outcome, 'failed');
    const failures = (await stack.auditApi.get('/v1/tenants/acme/failures')).data.items as Array<{
      id: string;
    }>;
    assert.ok(
      failures.some((f) => f.id === failed.id),
      'the rejected record is listed as a failure',
    );

    await stack.auditApi.post(`/v1/tenants/acme/failures/${failed.id}/retry`);
    const created = await eventually(
      async () => (await stack.syncLog('acme', { outcome: 'created' })).find((e) => e.vtigerId === vtigerId),
      'the created entry after the retry',
    );
    assert.deepEqual(
      (await sageCustomersNamed('Second Chance Ltd')).map((c) => c.id),
      [created.sageId],
    );
  });
});

describe('when Sage stays unavailable', () => {
  test(`a change fails with UPSTREAM_UNAVAILABLE once ${MAX_RETRY_MS} ms of retries are spent`, async () => {
    const vtigerId = await importedOrganization('Outage Corp');
    await injectSageFault({ match: { path: '/v3.1/contacts' }, status: 503 });
    try {
      const started = Date.now();
      await stack.publishChanges(aChangeEvent('outage', { recordId: vtigerId }));
      const entry = await entryFor('outage', vtigerId);
      assert.equal(entry.outcome, 'failed');
      assert.equal(entry.reason?.code, 'UPSTREAM_UNAVAILABLE');
      assert.match(entry.reason?.message ?? '', /Sage/);
      assert.ok(Date.now() - started < MAX_RETRY_MS + 8_000, 'it gave up instead of retrying forever');
      assert.ok(countOf(await stack.sageCalls(), 'GET /v3.1/contacts', 503) >= 2, 'it did retry');
    } finally {
      await stack.sageControl.delete('/faults');
    }
  });
});

describe('Sage access tokens', () => {
  test('an access token Sage considers expired is refreshed once and the record still syncs', async () => {
    const before = await stack.sageCalls();
    await stack.sageControl.post('/clock', { advanceMs: 301_000 });
    const vtigerId = await saveOrganization('Refreshed Token Ltd');

    const entry = await entryFor('acme', vtigerId);
    assert.equal(entry.outcome, 'created', JSON.stringify(entry.reason));
    const after = await stack.sageCalls();
    assert.equal(
      countOf(after, 'POST /token', 200) - countOf(before, 'POST /token', 200),
      1,
      'exactly one token refresh',
    );
    const refused = (calls: typeof after) =>
      Object.values(calls).reduce((sum, byStatus) => sum + (byStatus['401'] ?? 0), 0);
    assert.equal(refused(after) - refused(before), 1, 'one call was refused with the stale token');
  });

  test('a Sage connection the admin disconnected makes changes fail with NOT_CONNECTED', async () => {
    await stack.auditApi.delete('/v1/tenants/revoked/connections/sage');
    const vtigerId = await importedOrganization('Disconnected Ltd');
    await stack.publishChanges(aChangeEvent('revoked', { recordId: vtigerId }));

    const entry = await entryFor('revoked', vtigerId);
    assert.equal(entry.outcome, 'failed');
    assert.equal(entry.reason?.code, 'NOT_CONNECTED');
    assert.match(entry.reason?.message ?? '', /Sage/);
  });

  test('a refresh token Sage answers invalid_grant to fails changes with REAUTHORIZATION_REQUIRED and marks the connection', async () => {
    const before = await stack.sageCalls();
    await injectSageFault([
      { match: { method: 'GET', path: '/v3.1/contacts' }, status: 401, times: 1 },
      {
        match: { method: 'POST', path: '/token' },
        status: 400,
        body: { error: 'invalid_grant', error_description: 'the refresh token was revoked' },
        times: 1,
      },
    ]);
    const first = await importedOrganization('Lapsed Grant Ltd');
    await stack.publishChanges(aChangeEvent('lapsed', { recordId: first }));

    const entry = await entryFor('lapsed', first);
    assert.equal(entry.outcome, 'failed');
    assert.equal(entry.reason?.code, 'REAUTHORIZATION_REQUIRED');
    const tenant = (await stack.auditApi.get('/v1/tenants/lapsed')).data;
    assert.equal(tenant.connections.sage.status, 'reauthorization_required');

    // Until an admin connects again, further changes fail the same way without asking Sage.
    const second = await importedOrganization('Lapsed Again Ltd');
    await stack.publishChanges(aChangeEvent('lapsed', { recordId: second }));
    assert.equal((await entryFor('lapsed', second)).reason?.code, 'REAUTHORIZATION_REQUIRED');
    const after = await stack.sageCalls();
    assert.equal(
      countOf(after, 'POST /token', 400) - countOf(before, 'POST /token', 400),
      1,
      'one refused refresh, no second attempt',
    );
  });
});

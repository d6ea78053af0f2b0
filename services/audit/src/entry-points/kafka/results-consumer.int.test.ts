// Integration test: real Kafka and real database
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import type { Producer } from 'kafkajs';
import request from 'supertest';
import type { ResultEvent } from '../../../../../libs/contracts/src/events.js';
import { startAuditAlone, type AuditAlone } from '../../../../../test/support/audit-alone.js';
import { eventually } from '../../../../../test/support/environment.js';
import { aChangeEvent, aResultEvent, messageFor } from '../../../../../test/support/event-builders.js';
import { readTopic } from '../../../../../test/support/kafka-reader.js';

interface Entry {
  id: string;
  at: string;
  module: string;
  outcome: string;
  direction: string;
  reason: { code: string; message: string; field?: string } | null;
  vtigerId: string | null;
  sageId: string | null;
  recordLabel: string | null;
  retriedAt?: string | null;
  links: { vtiger: string | null; sage: string | null };
}

let env: AuditAlone;
let changes: Awaited<ReturnType<typeof readTopic>>;
let deadLetters: Awaited<ReturnType<typeof readTopic>>;
let rawProducer: Producer;

const api = () => request(env.audit.url);
const auth = (req: request.Test, token = env.operatorToken) => req.set('Authorization', `Bearer ${token}`);

async function publishResults(...results: ResultEvent[]) {
  await env.publisher.publish(env.topics.results, results.map(messageFor));
}

async function syncLog(tenantId: string, query: Record<string, string | number> = {}) {
  const res = await auth(api().get(`/v1/tenants/${tenantId}/sync-log`).query(query)).expect(200);
  return res.body as { items: Entry[]; nextCursor: string | null };
}

async function logOnceItHas(tenantId: string, count: number, query: Record<string, string> = {}) {
  return eventually(async () => {
    const page = await syncLog(tenantId, { ...query, limit: 200 });
    return page.items.length >= count && page.items;
  }, `${count} sync-log entries for ${tenantId}`);
}

const minutesAgo = (n: number) => new Date(Date.now() - n * 60_000).toISOString();

before(async () => {
  env = await startAuditAlone('audit-log');
  for (const id of ['acme', 'filters', 'paging', 'twice', 'summary', 'poison', 'retry'])
    await auth(api().post('/v1/tenants')).send({ id, name: id }).expect(201);
  await auth(api().put('/v1/tenants/acme/connections/vtiger'))
    .send({ url: env.vtigerSim.url, username: 'bridge', accessKey: 'bridgeAccessKey1' })
    .expect(200);
  changes = await readTopic(env.kafka, env.topics.changes);
  deadLetters = await readTopic(env.kafka, env.topics.deadLetter);
  rawProducer = env.kafka.producer();
  await rawProducer.connect();
});
after(async () => {
  await Promise.allSettled([changes?.stop(), deadLetters?.stop(), rawProducer?.disconnect()]);
  await env?.stop();
});

describe('result events become sync-log entries', () => {
  test('entries are listed newest first whatever order the results arrive in', async () => {
    const oldest = aResultEvent('acme', { occurredAt: minutesAgo(3), recordLabel: 'Oldest Ltd' });
    const newest = aResultEvent('acme', {
      occurredAt: minutesAgo(1),
      outcome: 'updated',
      recordLabel: 'Newest Ltd',
      changes: [{ field: 'telephone', from: '+44 1', to: '+44 2' }],
    });
    const middle = aResultEvent('acme', {
      occurredAt: minutesAgo(2),
      outcome: 'skipped',
      sageId: undefined,
      recordLabel: 'Middle Ltd',
      reason: { code: 'REQUIRED_FIELD_EMPTY', message: 'Organization has no name', field: 'accountname' },
    });
    await publishResults(newest, oldest, middle);

    const items = await logOnceItHas('acme', 3);
    assert.deepEqual(
      items.map((e) => e.id),
      [newest.eventId, middle.eventId, oldest.eventId],
    );
    const [first, second] = items;
    assert.equal(first!.at, newest.occurredAt);
    assert.deepEqual((first as Entry & { changes: unknown }).changes, newest.changes);
    assert.equal(first!.links.vtiger?.startsWith(env.vtigerSim.url), true, 'links to the Vtiger record');
    assert.match(first!.links.sage ?? '', new RegExp(`${newest.sageId}$`));
    assert.deepEqual(second!.reason, middle.reason);
    assert.equal(second!.sageId, null);
    assert.equal(second!.recordLabel, 'Middle Ltd');
  });

  test('entries can be filtered by module, outcome and direction', async () => {
    const orgCreated = aResultEvent('filters');
    const orgFailed = aResultEvent('filters', {
      outcome: 'failed',
      reason: { code: 'UPSTREAM_REJECTED', message: 'Sage rejected the write' },
    });
    const productSkipped = aResultEvent('filters', {
      module: 'products',
      outcome: 'skipped',
      reason: { code: 'DESCRIPTION_MISSING', message: 'no description', field: 'description' },
    });
    const inbound = aResultEvent('filters', { direction: 'sage_to_vtiger', outcome: 'updated' });
    await publishResults(orgCreated, orgFailed, productSkipped, inbound);
    await logOnceItHas('filters', 4);

    const idsFor = async (query: Record<string, string>) =>
      (await syncLog('filters', query)).items.map((e) => e.id).sort();
    assert.deepEqual(
      await idsFor({ module: 'organizations' }),
      [orgCreated.eventId, orgFailed.eventId, inbound.eventId].sort(),
    );
    assert.deepEqual(await idsFor({ module: 'products' }), [productSkipped.eventId]);
    assert.deepEqual(await idsFor({ outcome: 'failed' }), [orgFailed.eventId]);
    assert.deepEqual(await idsFor({ direction: 'sage_to_vtiger' }), [inbound.eventId]);
    assert.deepEqual(await idsFor({ module: 'organizations', outcome: 'created' }), [orgCreated.eventId]);
    assert.deepEqual(await idsFor({ module: 'invoices' }), []);
  });

  test('a filter value the API does not know is refused 400 VALIDATION_FAILED naming it', async () => {
    const res = await auth(api().get('/v1/tenants/filters/sync-log').query({ outcome: 'exploded' }));
    assert.equal(res.status, 400);
    assert.equal(res.body.code, 'VALIDATION_FAILED');
    assert.equal(res.body.field, 'outcome');
  });

  test('cursor paging returns every entry exactly once, also when entries share a timestamp', async () => {
    const sameTime = minutesAgo(5);
    const results = [
      ...Array.from({ length: 4 }, () => aResultEvent('paging', { occurredAt: sameTime })),
      ...[1, 2, 3].map((n) => aResultEvent('paging', { occurredAt: minutesAgo(n) })),
    ];
    await publishResults(...results);
    const all = await logOnceItHas('paging', results.length);

    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: { items: Entry[]; nextCursor: string | null } = await syncLog('paging', {
        limit: 3,
        ...(cursor ? { cursor } : {}),
      });
      assert.ok(page.items.length <= 3);
      seen.push(...page.items.map((e) => e.id));
      cursor = page.nextCursor;
      pages += 1;
    } while (cursor && pages < 10);

    assert.equal(pages, 3);
    assert.deepEqual(
      seen,
      all.map((e) => e.id),
      'the pages, in order, are the whole log',
    );
    assert.equal(new Set(seen).size, results.length);
  });

  test('a cursor the API did not issue is refused 400 VALIDATION_FAILED', async () => {
    const res = await auth(api().get('/v1/tenants/paging/sync-log').query({ cursor: 'garbage' }));
    assert.equal(res.status, 400);
    assert.equal(res.body.field, 'cursor');
  });

  test('the same result delivered twice makes one entry', async () => {
    const result = aResultEvent('twice', { recordLabel: 'Delivered Twice Ltd' });
    // The marker shares the record's key, so it is consumed after both deliveries.
    const marker = aResultEvent('twice', { vtigerId: result.vtigerId, outcome: 'updated' });
    await publishResults(result);
    await publishResults(result);
    await publishResults(marker);

    const items = await logOnceItHas('twice', 2);
    assert.deepEqual(items.map((e) => e.id).sort(), [result.eventId, marker.eventId].sort());
  });
});

describe('GET /v1/tenants/{t}/sync-log/summary', () => {
  test('counts entries per module per outcome since the given time', async () => {
    await publishResults(
      aResultEvent('summary'),
      aResultEvent('summary'),
      aResultEvent('summary', {
        outcome: 'failed',
        reason: { code: 'UPSTREAM_REJECTED', message: 'no' },
      }),
      aResultEvent('summary', {
        module: 'products',
        outcome: 'skipped',
        reason: { code: 'DESCRIPTION_MISSING', message: 'no description' },
      }),
      aResultEvent('summary', {
        module: 'invoices',
        occurredAt: new Date(Date.now() - 3 * 86_400_000).toISOString(),
      }),
    );
    await logOnceItHas('summary', 5);

    const lastDay = await auth(api().get('/v1/tenants/summary/sync-log/summary')).expect(200);
    const zero = { created: 0, updated: 0, skipped: 0, failed: 0 };
    assert.deepEqual(lastDay.body.modules, {
      organizations: { ...zero, created: 2, failed: 1 },
      contacts: zero,
      products: { ...zero, skipped: 1 },
      services: zero,
      invoices: zero,
    });

    const lastWeek = await auth(
      api()
        .get('/v1/tenants/summary/sync-log/summary')
        .query({ since: new Date(Date.now() - 7 * 86_400_000).toISOString() }),
    ).expect(200);
    assert.deepEqual(lastWeek.body.modules.invoices, { ...zero, created: 1 });
  });
});

describe('a result message that is not a valid result', () => {
  test('goes to the dead-letter topic and does not stop consumption', async () => {
    const notJson = '{"schema": "vsb.result.v1", "eventId": ';
    const wrongShape = { ...aResultEvent('poison'), outcome: 'exploded' };
    await rawProducer.send({
      topic: env.topics.results,
      messages: [
        { key: 'poison|organizations|vtiger|1', value: notJson },
        { key: 'poison|organizations|vtiger|2', value: JSON.stringify(wrongShape) },
      ],
    });
    const valid = aResultEvent('poison');
    await publishResults(valid);

    await logOnceItHas('poison', 1);
    const letters = await eventually(async () => {
      const found = deadLetters.messages
        .map((m) => m.value as { schema: string; topic: string; reason: string; original: string })
        .filter((v) => v.original === notJson || v.original === JSON.stringify(wrongShape));
      return found.length === 2 && found;
    }, 'both invalid messages on the dead-letter topic');
    for (const letter of letters) {
      assert.equal(letter.schema, 'vsb.dead-letter.v1');
      assert.equal(letter.topic, env.topics.results);
    }
    assert.ok(letters.some((l) => /not JSON/.test(l.reason)));
    assert.ok(
      letters.some((l) => /outcome/.test(l.reason)),
      'the reason names the bad field',
    );

    const items = (await syncLog('poison')).items;
    assert.deepEqual(
      items.map((e) => e.id),
      [valid.eventId],
      'only the valid result became an entry',
    );
  });
});

describe('failures and retry', () => {
  const change = aChangeEvent('retry', { recordId: '11x4242', trigger: 'webhook' });
  const failure = aResultEvent('retry', {
    eventId: `${change.eventId}:result`,
    causationId: change.eventId,
    outcome: 'failed',
    vtigerId: change.recordId,
    sageId: undefined,
    reason: {
      code: 'UPSTREAM_REJECTED',
      message: 'Sage rejected the write: name: is too long',
      field: 'name',
    },
    change,
  });
  const success = aResultEvent('retry');

  before(async () => {
    await publishResults(failure, success);
    await logOnceItHas('retry', 2);
  });

  test('GET failures lists the failed entries that were not retried yet', async () => {
    const res = await auth(api().get('/v1/tenants/retry/failures'), env.tokenFor('viewer', ['retry'])).expect(
      200,
    );
    assert.deepEqual(
      res.body.items.map((e: Entry) => [e.id, e.outcome, e.retriedAt]),
      [[failure.eventId, 'failed', null]],
    );
    assert.deepEqual(res.body.items[0].reason, failure.reason);
  });

  test('a viewer may not retry a failure (403 FORBIDDEN)', async () => {
    const res = await auth(
      api().post(`/v1/tenants/retry/failures/${failure.eventId}/retry`),
      env.tokenFor('viewer', ['retry']),
    );
    assert.equal(res.status, 403);
    assert.equal(res.body.code, 'FORBIDDEN');
  });

  test('an entry that did not fail cannot be retried (404 NOT_FOUND)', async () => {
    const res = await auth(api().post(`/v1/tenants/retry/failures/${success.eventId}/retry`));
    assert.equal(res.status, 404);
    assert.equal(res.body.code, 'NOT_FOUND');
  });

  test('a retry publishes a new change event for the record, and a second retry is refused 409', async () => {
    const retried = await auth(
      api().post(`/v1/tenants/retry/failures/${failure.eventId}/retry`),
      env.tokenFor('admin', ['retry']),
    ).expect(202);
    const eventId: string = retried.body.eventId;
    assert.notEqual(eventId, change.eventId, 'a new event, not a replay of the old id');

    const message = await eventually(
      async () => changes.messages.find((m) => (m.value as { eventId: string }).eventId === eventId),
      'the retry change event on the changes topic',
    );
    assert.equal(message.key, `retry|organizations|vtiger|${change.recordId}`);
    const value = message.value as Record<string, unknown>;
    assert.deepEqual(
      { ...value, eventId: undefined, occurredAt: undefined, detectedAt: undefined },
      { ...change, trigger: 'retry', eventId: undefined, occurredAt: undefined, detectedAt: undefined },
    );

    const again = await auth(api().post(`/v1/tenants/retry/failures/${failure.eventId}/retry`));
    assert.equal(again.status, 409);
    assert.equal(again.body.code, 'CONFLICT');
    assert.equal(
      changes.messages.filter((m) => (m.value as { tenantId: string }).tenantId === 'retry').length,
      1,
      'the refused retry published nothing',
    );

    const failures = await auth(api().get('/v1/tenants/retry/failures')).expect(200);
    assert.deepEqual(failures.body.items, [], 'a retried failure leaves the failures list');
    const entry = (await syncLog('retry', { outcome: 'failed' })).items[0];
    assert.ok(entry?.retriedAt, 'the sync log shows when it was retried');
  });

  test('an unknown failure id is 404 NOT_FOUND', async () => {
    const res = await auth(api().post(`/v1/tenants/retry/failures/${randomUUID()}/retry`));
    assert.equal(res.status, 404);
  });
});

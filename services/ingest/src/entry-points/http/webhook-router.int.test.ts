// Integration test: the real ingest service against the real Kafka broker and database server.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import mongoose from 'mongoose';
import request from 'supertest';
import { createKafka } from '../../../../../libs/platform/src/kafka/kafka-client.js';
import { defaultSettings } from '../../../../../libs/state/src/tenant-settings.js';
import {
  createTenantsRepository,
  hashWebhookSecret,
} from '../../../../../libs/state/src/tenants-repository.js';
import {
  eventually,
  isolatedNames,
  mongoUrlFor,
  realInfrastructure,
  testLogger,
} from '../../../../../test/support/environment.js';
import { readTopic } from '../../../../../test/support/kafka-reader.js';
import { loadIngestConfig } from '../../config.js';
import { startIngest } from '../../main.js';

const { kafkaBrokers } = realInfrastructure();
const names = isolatedNames('ingest');
const SECRET = 'acme-webhook-secret-123';
const logger = testLogger();

describe('POST /v1/webhooks/vtiger/{tenantId}', () => {
  let ingest: Awaited<ReturnType<typeof startIngest>>;
  let reader: Awaited<ReturnType<typeof readTopic>>;
  const kafka = createKafka(kafkaBrokers.split(','), 'ingest-test', logger);
  const mongo = mongoose.createConnection(mongoUrlFor(names.database));

  before(async () => {
    await createTenantsRepository(mongo).insert({
      _id: 'acme',
      name: 'Acme',
      webhookSecretHash: hashWebhookSecret(SECRET),
      settings: defaultSettings(),
    });
    ingest = await startIngest(
      loadIngestConfig({
        KAFKA_BROKERS: kafkaBrokers,
        MONGO_URL: mongoUrlFor(names.database),
        TOPIC_PREFIX: names.topicPrefix,
        PORT: '0',
      }),
      logger,
    );
    await eventually(
      async () => (await request(ingest.url).get('/readyz')).status === 200,
      'ingest to be ready',
    );
    reader = await readTopic(kafka, `${names.topicPrefix}changes`);
  });
  after(async () => {
    await reader?.stop();
    await ingest?.stop();
    await mongo.dropDatabase().catch(() => undefined);
    await mongo.close();
  });

  test('a valid JSON webhook is answered 202 with the id of an event Kafka already holds', async () => {
    const res = await request(ingest.url)
      .post('/v1/webhooks/vtiger/acme')
      .set('X-Bridge-Secret', SECRET)
      .send({ module: 'Accounts', id: '11x42', accountname: 'ignored as data' })
      .expect(202);
    assert.match(res.body.eventId, /^[0-9a-f-]{36}$/);
    const message = await eventually(
      async () => reader.messages.find((m) => (m.value as { eventId: string }).eventId === res.body.eventId),
      'the change event on the changes topic',
    );
    assert.equal(message.key, 'acme|organizations|vtiger|11x42');
    assert.deepEqual(
      { ...(message.value as object), eventId: undefined, occurredAt: undefined, detectedAt: undefined },
      {
        schema: 'vsb.change.v1',
        tenantId: 'acme',
        source: 'vtiger',
        module: 'organizations',
        recordId: '11x42',
        kind: 'upsert',
        trigger: 'webhook',
        eventId: undefined,
        occurredAt: undefined,
        detectedAt: undefined,
      },
    );
  });

  test('a Vtiger Cloud style form body with the secret in the query is accepted', async () => {
    const res = await request(ingest.url)
      .post(`/v1/webhooks/vtiger/acme?secret=${SECRET}`)
      .type('form')
      .send({ module: 'Products', id: '14x7', productname: 'Widget' })
      .expect(202);
    await eventually(
      async () => reader.messages.find((m) => (m.value as { eventId: string }).eventId === res.body.eventId),
      'the form webhook event',
    );
  });

  const refusals: Array<[string, () => request.Test, number, string]> = [
    [
      'a body that is not JSON',
      () =>
        request(ingest.url)
          .post('/v1/webhooks/vtiger/acme')
          .set('X-Bridge-Secret', SECRET)
          .type('json')
          .send('{"module":'),
      400,
      'MALFORMED_BODY',
    ],
    [
      'a body without the record id',
      () =>
        request(ingest.url)
          .post('/v1/webhooks/vtiger/acme')
          .set('X-Bridge-Secret', SECRET)
          .send({ module: 'Accounts' }),
      400,
      'VALIDATION_FAILED',
    ],
    [
      'a module the bridge does not sync',
      () =>
        request(ingest.url)
          .post('/v1/webhooks/vtiger/acme')
          .set('X-Bridge-Secret', SECRET)
          .send({ module: 'Leads', id: '10x1' }),
      400,
      'VALIDATION_FAILED',
    ],
    [
      'a wrong secret',
      () =>
        request(ingest.url)
          .post('/v1/webhooks/vtiger/acme')
          .set('X-Bridge-Secret', 'nope')
          .send({ module: 'Accounts', id: '11x1' }),
      401,
      'INVALID_SECRET',
    ],
    [
      'no secret at all',
      () => request(ingest.url).post('/v1/webhooks/vtiger/acme').send({ module: 'Accounts', id: '11x1' }),
      401,
      'INVALID_SECRET',
    ],
    [
      'an unknown tenant',
      () =>
        request(ingest.url)
          .post('/v1/webhooks/vtiger/nobody')
          .set('X-Bridge-Secret', SECRET)
          .send({ module: 'Accounts', id: '11x1' }),
      404,
      'TENANT_NOT_FOUND',
    ],
    [
      'a body over 1 MB',
      () =>
        request(ingest.url)
          .post('/v1/webhooks/vtiger/acme')
          .set('X-Bridge-Secret', SECRET)
          .send({ module: 'Accounts', id: '11x1', pad: 'x'.repeat(1_100_000) }),
      413,
      'PAYLOAD_TOO_LARGE',
    ],
    [
      'a text/plain body',
      () =>
        request(ingest.url)
          .post('/v1/webhooks/vtiger/acme')
          .set('X-Bridge-Secret', SECRET)
          .type('text')
          .send('module=Accounts'),
      415,
      'UNSUPPORTED_MEDIA_TYPE',
    ],
  ];
  for (const [situation, send, status, code] of refusals) {
    test(`${situation} is refused with ${status} ${code} and publishes nothing`, async () => {
      const before = reader.messages.length;
      const res = await send().expect(status);
      assert.equal(res.type, 'application/problem+json');
      assert.equal(res.body.code, code);
      assert.equal(res.body.status, status);
      assert.ok(res.body.detail.length > 10, 'the problem says what is wrong');
      // A valid webhook sent afterwards is the only new message: the refused one wrote nothing.
      const ok = await request(ingest.url)
        .post('/v1/webhooks/vtiger/acme')
        .set('X-Bridge-Secret', SECRET)
        .send({ module: 'Accounts', id: '11x99' })
        .expect(202);
      await eventually(
        async () => reader.messages.length === before + 1 && reader.messages.at(-1),
        'the follow-up event',
      );
      assert.equal((reader.messages.at(-1)!.value as { eventId: string }).eventId, ok.body.eventId);
    });
  }

  test('health, readiness and metrics are served', async () => {
    await request(ingest.url).get('/healthz').expect(200);
    const ready = await request(ingest.url).get('/readyz').expect(200);
    assert.deepEqual(ready.body.checks, { kafka: 'ok', mongodb: 'ok' });
    const metrics = await request(ingest.url).get('/metrics').expect(200);
    assert.match(metrics.text, /vsb_webhooks_total\{tenant="acme",outcome="accepted"[^}]*\} [1-9]/);
  });
});

describe('when Kafka cannot take the event', () => {
  test('the webhook is answered 503 KAFKA_UNAVAILABLE with Retry-After', async () => {
    const isolated = isolatedNames('ingest-down');
    const mongo = mongoose.createConnection(mongoUrlFor(isolated.database));
    await createTenantsRepository(mongo).insert({
      _id: 'acme',
      name: 'Acme',
      webhookSecretHash: hashWebhookSecret(SECRET),
      settings: defaultSettings(),
    });
    // Nothing listens on port 1: the broker is unreachable.
    const ingest = await startIngest(
      loadIngestConfig({
        KAFKA_BROKERS: '127.0.0.1:1',
        MONGO_URL: mongoUrlFor(isolated.database),
        TOPIC_PREFIX: isolated.topicPrefix,
        PORT: '0',
      }),
      logger,
    );
    try {
      const res = await request(ingest.url)
        .post('/v1/webhooks/vtiger/acme')
        .set('X-Bridge-Secret', SECRET)
        .send({ module: 'Accounts', id: '11x1' })
        .expect(503);
      assert.equal(res.body.code, 'KAFKA_UNAVAILABLE');
      assert.equal(res.headers['retry-after'], '5');
      await request(ingest.url).get('/readyz').expect(503);
    } finally {
      await ingest.stop();
      await mongo.dropDatabase().catch(() => undefined);
      await mongo.close();
    }
  });
});

import type { Kafka } from 'kafkajs';
import { topicsFor } from '../../../libs/contracts/src/topics.js';
import { ensureTopics } from '../../../libs/platform/src/kafka/topics-admin.js';
import { createKafka } from '../../../libs/platform/src/kafka/kafka-client.js';
import { createPublisher } from '../../../libs/platform/src/kafka/publisher.js';
import { createServiceApp } from '../../../libs/platform/src/http/service-app.js';
import { listen } from '../../../libs/platform/src/http/http-server.js';
import type { Logger } from '../../../libs/platform/src/logger.js';
import { createRegistry } from '../../../libs/platform/src/metrics.js';
import { connectMongo, pingMongo } from '../../../libs/platform/src/mongo.js';
import { isEntryPoint, runService, type StartedService } from '../../../libs/platform/src/run-service.js';
import { createTenantCache, createTenantsRepository } from '../../../libs/state/src/tenants-repository.js';
import { loadIngestConfig, type IngestConfig } from './config.js';
import { createWebhookRouter } from './entry-points/http/webhook-router.js';
import { createIngestMetrics } from './metrics.js';

/**
 * The ingest service's composition root: the only place that knows every concrete dependency.
 * Tests call startIngest with their own config (port 0, own topic prefix and database).
 */
export async function startIngest(config: IngestConfig, logger: Logger): Promise<StartedService> {
  const registry = createRegistry('ingest');
  const metrics = createIngestMetrics(registry);
  const mongo = await connectMongo(config.MONGO_URL, logger);
  const tenants = createTenantCache(createTenantsRepository(mongo));
  const kafka: Kafka = createKafka(config.KAFKA_BROKERS, 'vsb-ingest', logger);
  const publisher = createPublisher(kafka);
  // Kafka may be down at start: ingest serves anyway (webhooks answer 503, readiness fails) and
  // connects as soon as the broker is back.
  const changesTopic = topicsFor(config.TOPIC_PREFIX).changes;
  let kafkaReady: Promise<void> | undefined;
  const prepareKafka = () =>
    (kafkaReady ??= ensureTopics(kafka, config.TOPIC_PREFIX)
      .then(() => publisher.connect())
      .catch((err: Error) => {
        kafkaReady = undefined;
        throw err;
      }));
  void prepareKafka().catch((err: Error) =>
    logger.warn({ err: err.message }, 'Kafka not reachable at start'),
  );

  let draining = false;
  const app = createServiceApp({
    registry,
    readiness: {
      kafka: async () => {
        await prepareKafka();
        if (!publisher.isConnected()) throw new Error('producer not connected');
      },
      mongodb: () => pingMongo(mongo),
    },
    isDraining: () => draining,
    logger,
    routes: (app) => {
      app.use(
        createWebhookRouter({
          tenants,
          publisher,
          changesTopic,
          metrics,
          logger,
          isDraining: () => draining,
        }),
      );
    },
  });

  const server = await listen(app, config.PORT);
  return {
    url: server.url,
    async stop() {
      draining = true;
      await server.close();
      await publisher.disconnect().catch(() => undefined);
      await mongo.close();
    },
  };
}

if (isEntryPoint(import.meta.url)) {
  await runService('ingest', () => loadIngestConfig(), startIngest);
}

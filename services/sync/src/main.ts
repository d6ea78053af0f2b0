import { hostname } from 'node:os';
import { refreshTokens } from '../../../libs/connectors/src/sage/index.js';
import { directionFrom } from '../../../libs/contracts/src/modules.js';
import { connectKafka } from '../../../libs/platform/src/kafka/kafka-setup.js';
import { createServiceApp, kafkaClientsReady } from '../../../libs/platform/src/http/service-app.js';
import { listen } from '../../../libs/platform/src/http/http-server.js';
import type { Logger } from '../../../libs/platform/src/logger.js';
import { createRegistry } from '../../../libs/platform/src/metrics.js';
import { connectMongo, pingMongo } from '../../../libs/platform/src/mongo.js';
import { createBreakers } from '../../../libs/platform/src/resilience/breakers.js';
import { isEntryPoint, runService, type StartedService } from '../../../libs/platform/src/run-service.js';
import { createSecretBox } from '../../../libs/platform/src/secret-box.js';
import { createConnectionsRepository } from '../../../libs/state/src/connections-repository.js';
import { createSageTokenProvider } from '../../../libs/state/src/sage-token-provider.js';
import { createTenantCache, createTenantsRepository } from '../../../libs/state/src/tenants-repository.js';
import { createApplyChange } from './application/apply-change.js';
import { loadSyncConfig, type SyncConfig } from './config.js';
import { createLinksRepository } from './data-access/links-repository.js';
import { startChangeConsumer } from './entry-points/kafka/change-consumer.js';
import { createOrganizationExporter } from './exporters/organization-exporter.js';
import { createSyncMetrics } from './metrics.js';
import { createTenantUpstreams } from './upstreams/tenant-upstreams.js';

const BREAKER_VALUE = { closed: 0, half_open: 0.5, open: 1 } as const;

export interface SyncOptions {
  /** How long a change keeps retrying against an unavailable upstream (tests shorten it). */
  maxRetryMs?: number;
}

/** The sync service's composition root. */
export async function startSync(
  config: SyncConfig,
  logger: Logger,
  options: SyncOptions = {},
): Promise<StartedService> {
  const registry = createRegistry('sync');
  const metrics = createSyncMetrics(registry);
  const mongo = await connectMongo(config.MONGO_URL, logger);
  const box = createSecretBox(config.ENCRYPTION_KEY);
  const tenants = createTenantCache(createTenantsRepository(mongo));
  const connections = createConnectionsRepository(mongo, box);
  const links = createLinksRepository(mongo);
  await links.ensureIndexes();

  const tokens = createSageTokenProvider({
    connections,
    owner: `sync@${hostname()}:${process.pid}`,
    refresh: async (refreshToken) =>
      refreshTokens({
        tokenUrl: config.SAGE_TOKEN_URL,
        clientId: config.SAGE_CLIENT_ID,
        clientSecret: config.SAGE_CLIENT_SECRET,
        refreshToken,
      }),
    onRefreshFailure: (tenant, reason) => metrics.tokenRefreshFailures.inc({ tenant, reason }),
  });
  const breakers = createBreakers({
    onStateChange: (tenant, upstream, state) =>
      metrics.breakerState.set({ tenant, upstream }, BREAKER_VALUE[state]),
  });
  const upstreams = createTenantUpstreams({
    connections,
    tokens,
    sageApiUrl: config.SAGE_API_URL,
    breakers,
    countCall: (upstream, status) => metrics.upstreamCalls.inc({ upstream, status }),
  });
  const applyChange = createApplyChange({
    tenants,
    syncers: { 'organizations:vtiger': createOrganizationExporter({ upstreams, links }) },
    logger,
    maxRetryMs: options.maxRetryMs ?? 10 * 60_000,
    onRetry: (err) => metrics.retries.inc({ upstream: (err as { upstream?: string }).upstream ?? 'unknown' }),
  });

  const { kafka, topics, publisher } = await connectKafka(config, 'vsb-sync', logger);
  const consumer = await startChangeConsumer({
    kafka,
    topics,
    groupId: `${config.TOPIC_PREFIX}sync`,
    publisher,
    logger,
    applyChange: async (event, options) => {
      metrics.eventsConsumed.inc({ topic: topics.changes });
      return applyChange(event, options);
    },
    onDecision: (event, decision) => {
      const direction = directionFrom(event.source);
      metrics.outcomes.inc({
        tenant: event.tenantId,
        module: event.module,
        direction,
        outcome: decision.outcome,
      });
      if (decision.outcome === 'created' || decision.outcome === 'updated') {
        metrics.propagation.observe(
          { module: event.module, direction },
          (Date.now() - Date.parse(event.detectedAt)) / 1000,
        );
      }
    },
  });

  let draining = false;
  const app = createServiceApp({
    registry,
    readiness: { kafka: kafkaClientsReady(consumer, publisher), mongodb: () => pingMongo(mongo) },
    isDraining: () => draining,
    logger,
  });
  const server = await listen(app, config.PORT);

  return {
    url: server.url,
    async stop() {
      draining = true;
      await consumer.stop(); // finishes the in-flight message and commits its offset
      await publisher.disconnect();
      breakers.shutdown();
      await server.close();
      await mongo.close();
    },
  };
}

if (isEntryPoint(import.meta.url)) {
  await runService('sync', () => loadSyncConfig(), startSync);
}

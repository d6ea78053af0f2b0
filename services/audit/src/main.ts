import express, { type RequestHandler } from 'express';
import {
  buildAuthorizeUrl,
  createSageClient,
  exchangeCode,
  revokeToken,
} from '../../../libs/connectors/src/sage/index.js';
import { createVtigerClient } from '../../../libs/connectors/src/vtiger/index.js';
import { requireBearer, type JwtSettings } from '../../../libs/platform/src/auth/jwt-auth.js';
import { connectKafka } from '../../../libs/platform/src/kafka/kafka-setup.js';
import { createServiceApp, kafkaClientsReady } from '../../../libs/platform/src/http/service-app.js';
import { listen } from '../../../libs/platform/src/http/http-server.js';
import type { Logger } from '../../../libs/platform/src/logger.js';
import { createRegistry } from '../../../libs/platform/src/metrics.js';
import { connectMongo, pingMongo } from '../../../libs/platform/src/mongo.js';
import { isEntryPoint, runService, type StartedService } from '../../../libs/platform/src/run-service.js';
import { createSecretBox } from '../../../libs/platform/src/secret-box.js';
import { createConnectionsRepository } from '../../../libs/state/src/connections-repository.js';
import { createTenantsRepository } from '../../../libs/state/src/tenants-repository.js';
import { Counter } from 'prom-client';
import { loadAuditConfig, type AuditConfig } from './config.js';
import { createOAuthStatesRepository } from './data-access/oauth-states-repository.js';
import { createSyncLogRepository } from './data-access/sync-log-repository.js';
import { createConnectionsRouter, sageCallbackPath } from './entry-points/http/connections-router.js';
import type { AuditApiDeps } from './entry-points/http/deps.js';
import { openApiDocument } from './entry-points/http/openapi.js';
import { createSettingsRouter } from './entry-points/http/settings-router.js';
import { createSyncLogRouter } from './entry-points/http/sync-log-router.js';
import { createTenantsRouter } from './entry-points/http/tenants-router.js';
import { startResultsConsumer } from './entry-points/kafka/results-consumer.js';

/** The audit service's composition root: sync log consumer, operator API. */
export async function startAudit(config: AuditConfig, logger: Logger): Promise<StartedService> {
  const registry = createRegistry('audit');
  const recorded = new Counter({
    name: 'vsb_sync_log_entries_total',
    help: 'Sync-log entries recorded, by outcome',
    labelNames: ['outcome'] as const,
    registers: [registry],
  });
  const mongo = await connectMongo(config.MONGO_URL, logger);
  const box = createSecretBox(config.ENCRYPTION_KEY);
  const tenants = createTenantsRepository(mongo);
  const connections = createConnectionsRepository(mongo, box);
  const syncLog = createSyncLogRepository(mongo);
  const oauthStates = createOAuthStatesRepository(mongo, box);
  await Promise.all([
    tenants.ensureIndexes(),
    connections.ensureIndexes(),
    syncLog.ensureIndexes(),
    oauthStates.ensureIndexes(),
  ]);

  const { kafka, topics, publisher } = await connectKafka(config, 'vsb-audit', logger);
  const consumer = await startResultsConsumer({
    kafka,
    topics,
    groupId: `${config.TOPIC_PREFIX}audit`,
    publisher,
    syncLog,
    logger,
    onRecorded: (outcome) => recorded.inc({ outcome }),
  });

  const jwt: JwtSettings = {
    secret: config.JWT_SECRET,
    publicKey: config.JWT_PUBLIC_KEY,
    issuer: config.JWT_ISSUER,
    audience: config.JWT_AUDIENCE,
  };
  const oauthClient = {
    tokenUrl: config.SAGE_TOKEN_URL,
    clientId: config.SAGE_CLIENT_ID,
    clientSecret: config.SAGE_CLIENT_SECRET,
  };
  const deps: AuditApiDeps = {
    tenants,
    connections,
    syncLog,
    oauthStates,
    publisher,
    topics,
    jwt,
    publicBaseUrl: config.PUBLIC_BASE_URL,
    logger,
    async verifyVtiger(credentials) {
      const client = createVtigerClient({
        baseUrl: credentials.url,
        username: credentials.username,
        accessKey: credentials.accessKey,
        timeoutMs: 10_000,
      });
      await client.whoAmI();
    },
    sage: {
      authorizeUrl: ({ state, codeChallenge, country, redirectUri }) =>
        buildAuthorizeUrl({
          authUrl: config.SAGE_AUTH_URL,
          clientId: config.SAGE_CLIENT_ID,
          redirectUri,
          state,
          codeChallenge,
          country,
        }),
      exchangeCode: (code, codeVerifier, redirectUri) =>
        exchangeCode({ ...oauthClient, code, codeVerifier, redirectUri }),
      async leadBusinessId(accessToken) {
        const client = createSageClient({
          baseUrl: config.SAGE_API_URL,
          getAccessToken: async () => accessToken,
          refreshAccessToken: async () => accessToken,
        });
        const businesses = await client.listBusinesses();
        return businesses[0]?.id;
      },
      revoke: (refreshToken) => revokeToken({ ...oauthClient, token: refreshToken }),
    },
  };

  const bearer = requireBearer(jwt);
  const authenticate: RequestHandler = (req, res, next) =>
    `${req.baseUrl}${req.path}` === sageCallbackPath ? next() : bearer(req, res, next);

  let draining = false;
  const app = createServiceApp({
    registry,
    readiness: { kafka: kafkaClientsReady(consumer, publisher), mongodb: () => pingMongo(mongo) },
    isDraining: () => draining,
    logger,
    routes: (app) => {
      app.get('/v1/openapi.json', (_req, res) => {
        res.json(openApiDocument(config.PUBLIC_BASE_URL));
      });
      app.use('/v1', express.json({ limit: '256kb' }), authenticate);
      app.use(createTenantsRouter(deps));
      app.use(createConnectionsRouter(deps));
      app.use(createSettingsRouter(deps));
      app.use(createSyncLogRouter(deps));
    },
  });

  // No TTL indexes on FerretDB: expired OAuth states are purged on a schedule instead.
  const purge = setInterval(() => {
    oauthStates
      .purgeExpired()
      .catch((err: Error) => logger.warn({ err: err.message }, 'purging OAuth states failed'));
  }, 60_000);
  purge.unref();

  const server = await listen(app, config.PORT);
  return {
    url: server.url,
    async stop() {
      draining = true;
      clearInterval(purge);
      await server.close();
      await consumer.stop();
      await publisher.disconnect();
      await mongo.close();
    },
  };
}

if (isEntryPoint(import.meta.url)) {
  await runService('audit', () => loadAuditConfig(), startAudit);
}

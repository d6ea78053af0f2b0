import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { signDevToken } from '../../libs/platform/src/auth/jwt-auth.js';
import { startAudit } from '../../services/audit/src/main.js';
import { loadAuditConfig } from '../../services/audit/src/config.js';
import { startIngest } from '../../services/ingest/src/main.js';
import { loadIngestConfig } from '../../services/ingest/src/config.js';
import { startSync } from '../../services/sync/src/main.js';
import { loadSyncConfig } from '../../services/sync/src/config.js';
import { startSageSimulator } from '../../simulators/sage/src/index.js';
import { startVtigerSimulator } from '../../simulators/vtiger/src/index.js';
import { isolatedNames, mongoUrlFor, realInfrastructure, testLogger } from './environment.js';

export const JWT = {
  secret: 'e2e-jwt-secret-0123456789',
  issuer: 'vtiger-sage-bridge',
  audience: 'vtiger-sage-bridge',
};

async function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/**
 * Both simulators and the environment every service reads, for one test file: its own topic
 * prefix and database, a fresh encryption key, and a Sage OAuth client whose redirect URI is the
 * audit port picked here (Sage only redirects to registered URIs).
 */
export async function prepareUpstreams(label: string) {
  const { kafkaBrokers } = realInfrastructure();
  const names = isolatedNames(label);
  const auditPort = await freeLoopbackPort();
  const publicBaseUrl = `http://127.0.0.1:${auditPort}`;
  const clientId = `client-${names.database}`;
  const clientSecret = randomBytes(16).toString('hex');
  const encryptionKey = randomBytes(32);

  const vtigerSim = await startVtigerSimulator({ port: 0 });
  const sageSim = await startSageSimulator({
    port: 0,
    clients: [{ clientId, clientSecret, redirectUris: [`${publicBaseUrl}/v1/oauth/sage/callback`] }],
  });
  const env = {
    KAFKA_BROKERS: kafkaBrokers,
    MONGO_URL: mongoUrlFor(names.database),
    TOPIC_PREFIX: names.topicPrefix,
    ENCRYPTION_KEY: encryptionKey.toString('base64'),
    SAGE_API_URL: `${sageSim.url}/v3.1`,
    SAGE_AUTH_URL: `${sageSim.url}/oauth2/auth/central`,
    SAGE_TOKEN_URL: `${sageSim.url}/token`,
    SAGE_CLIENT_ID: clientId,
    SAGE_CLIENT_SECRET: clientSecret,
    JWT_SECRET: JWT.secret,
    JWT_ISSUER: JWT.issuer,
    JWT_AUDIENCE: JWT.audience,
    PUBLIC_BASE_URL: publicBaseUrl,
  };
  return {
    names,
    auditPort,
    clientId,
    encryptionKey,
    vtigerSim,
    sageSim,
    env,
    closeSimulators: () => Promise.allSettled([vtigerSim.close(), sageSim.close()]),
  };
}

/**
 * The whole bridge in this process, the way `npm start` runs it in three: both simulators and
 * the three services, against the real Kafka broker and database server, with a topic prefix and
 * database of its own.
 */
export async function startStack(label: string, options: { maxRetryMs?: number } = {}) {
  const logger = testLogger();
  const { names, auditPort, clientId, vtigerSim, sageSim, env, closeSimulators } =
    await prepareUpstreams(label);
  // Started one by one; whatever started is stopped again if a later one fails, or the test
  // process would never exit.
  const started: Array<{ stop(): Promise<void> }> = [];
  const stopAll = async () => {
    await Promise.allSettled(started.map((s) => s.stop()));
    await closeSimulators();
  };
  let audit, ingest, sync;
  try {
    audit = await startAudit(loadAuditConfig({ ...env, PORT: String(auditPort) }), logger);
    started.push(audit);
    ingest = await startIngest(loadIngestConfig({ ...env, PORT: '0' }), logger);
    started.push(ingest);
    sync = await startSync(loadSyncConfig({ ...env, PORT: '0' }), logger, {
      maxRetryMs: options.maxRetryMs ?? 5_000,
    });
    started.push(sync);
  } catch (err) {
    await stopAll();
    throw err;
  }

  return {
    vtigerSim,
    sageSim,
    audit,
    ingest,
    sync,
    env,
    names,
    clientId,
    operatorToken: signDevToken(JWT, { sub: 'e2e-operator', role: 'operator', tenants: [] }),
    tokenFor: (role: 'admin' | 'viewer', tenants: string[]) =>
      signDevToken(JWT, { sub: `e2e-${role}`, role, tenants }),
    stop: stopAll,
  };
}
export type Stack = Awaited<ReturnType<typeof startStack>>;

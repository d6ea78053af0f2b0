import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import mongoose from 'mongoose';
import { signDevToken } from '../../libs/platform/src/auth/jwt-auth.js';
import { createKafka } from '../../libs/platform/src/kafka/kafka-client.js';
import { createPublisher } from '../../libs/platform/src/kafka/publisher.js';
import { createSecretBox } from '../../libs/platform/src/secret-box.js';
import { loadAuditConfig } from '../../services/audit/src/config.js';
import { startAudit } from '../../services/audit/src/main.js';
import { startSageSimulator } from '../../simulators/sage/src/index.js';
import { startVtigerSimulator } from '../../simulators/vtiger/src/index.js';
import { isolatedNames, mongoUrlFor, realInfrastructure, testLogger } from './environment.js';
import { JWT } from './stack.js';
import { ensureTopics } from '../../libs/platform/src/kafka/topics-admin.js';

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
 * The audit service alone, in this process, against the real Kafka broker and database server,
 * with the two simulators as the upstreams it talks to (Vtiger login checks, Sage OAuth). The
 * test plays sync's part: it publishes result events itself and reads what audit publishes.
 */
export async function startAuditAlone(label: string) {
  const { kafkaBrokers } = realInfrastructure();
  const names = isolatedNames(label);
  const logger = testLogger();
  const port = await freeLoopbackPort();
  const publicBaseUrl = `http://127.0.0.1:${port}`;
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
    PORT: String(port),
  };
  const kafka = createKafka(kafkaBrokers.split(','), `test-${names.database}`, logger);
  const closeSimulators = () => Promise.allSettled([vtigerSim.close(), sageSim.close()]);
  let audit: Awaited<ReturnType<typeof startAudit>>;
  let topics: Awaited<ReturnType<typeof ensureTopics>>;
  try {
    topics = await ensureTopics(kafka, names.topicPrefix);
    audit = await startAudit(loadAuditConfig(env), logger);
  } catch (err) {
    await closeSimulators(); // or the test process never exits
    throw err;
  }
  const publisher = createPublisher(kafka);
  await publisher.connect();
  const mongo = mongoose.createConnection(mongoUrlFor(names.database));

  return {
    audit,
    vtigerSim,
    sageSim,
    env,
    kafka,
    publisher,
    topics,
    /** A direct view of audit's database, for asserting what it stored. */
    mongo,
    /** Opens values audit sealed with its ENCRYPTION_KEY. */
    secretBox: createSecretBox(encryptionKey),
    operatorToken: signDevToken(JWT, { sub: 'test-operator', role: 'operator', tenants: [] }),
    tokenFor: (role: 'admin' | 'viewer', tenants: string[]) =>
      signDevToken(JWT, { sub: `test-${role}`, role, tenants }),
    async stop() {
      await Promise.allSettled([audit.stop(), publisher.disconnect()]);
      await mongo.dropDatabase().catch(() => undefined);
      await mongo.close();
      await closeSimulators();
    },
  };
}
export type AuditAlone = Awaited<ReturnType<typeof startAuditAlone>>;

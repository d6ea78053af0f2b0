import mongoose from 'mongoose';
import { signDevToken } from '../../libs/platform/src/auth/jwt-auth.js';
import { createKafka } from '../../libs/platform/src/kafka/kafka-client.js';
import { createPublisher } from '../../libs/platform/src/kafka/publisher.js';
import { createSecretBox } from '../../libs/platform/src/secret-box.js';
import { loadAuditConfig } from '../../services/audit/src/config.js';
import { startAudit } from '../../services/audit/src/main.js';
import { mongoUrlFor, testLogger } from './environment.js';
import { JWT, prepareUpstreams } from './stack.js';
import { ensureTopics } from '../../libs/platform/src/kafka/topics-admin.js';

/**
 * The audit service alone, in this process, against the real Kafka broker and database server,
 * with the two simulators as the upstreams it talks to (Vtiger login checks, Sage OAuth). The
 * test plays sync's part: it publishes result events itself and reads what audit publishes.
 */
export async function startAuditAlone(label: string) {
  const logger = testLogger();
  const upstreams = await prepareUpstreams(label);
  const { names, encryptionKey, vtigerSim, sageSim, closeSimulators } = upstreams;
  const kafkaBrokers = upstreams.env.KAFKA_BROKERS;
  const env = {
    ...upstreams.env,
    PORT: String(upstreams.auditPort),
  };
  const kafka = createKafka(kafkaBrokers.split(','), `test-${names.database}`, logger);
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

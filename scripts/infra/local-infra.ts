import { ensureFerretDb, startFerretDb } from './ferretdb-server.js';
import { ensureKafkaJars, startKafka } from './kafka-broker.js';
import { freePort } from './processes.js';

export interface Infra {
  kafkaBrokers: string;
  /** Server URL without a database name; callers add one. */
  mongoUrl: string;
  started: string[];
  stop(): Promise<void>;
}

/**
 * Provides Kafka and a MongoDB-compatible server: the ones named by KAFKA_BROKERS / MONGO_URL
 * when set, otherwise a local, cached Apache Kafka broker (KRaft) and FerretDB, started in
 * parallel on the preferred ports (or the next free ones) once both are downloaded and built.
 */
export async function provisionInfra(options: {
  kafkaPort: number;
  mongoPort: number;
  env?: NodeJS.ProcessEnv;
  log?: (line: string) => void;
}): Promise<Infra> {
  const env = options.env ?? process.env;
  const log = options.log ?? ((line: string) => console.log(`[infra] ${line}`));
  const started: string[] = [];
  // Downloads and builds first, one after the other: a FerretDB build saturates both cores, and a
  // broker starting beside it would miss its start-up deadline.
  if (!env.KAFKA_BROKERS) ensureKafkaJars(log);
  if (!env.MONGO_URL) ensureFerretDb(log);
  const stops: Array<() => Promise<void>> = [];

  const kafka = env.KAFKA_BROKERS
    ? Promise.resolve({ brokers: env.KAFKA_BROKERS })
    : freePort(options.kafkaPort).then(async (port) => {
        const k = await startKafka(port, log);
        started.push(`Kafka on ${k.brokers}`);
        stops.push(k.stop);
        return k;
      });
  const mongo = env.MONGO_URL
    ? Promise.resolve({ url: env.MONGO_URL })
    : freePort(options.mongoPort).then(async (port) => {
        const m = await startFerretDb(port, log);
        started.push(`FerretDB on ${m.url}`);
        stops.push(m.stop);
        return m;
      });
  const stopAll = async () => {
    await Promise.all(stops.splice(0).map((stop) => stop().catch(() => undefined)));
  };
  try {
    const [k, m] = await Promise.all([kafka, mongo]);
    return { kafkaBrokers: k.brokers, mongoUrl: m.url, started, stop: stopAll };
  } catch (err) {
    await Promise.allSettled([kafka, mongo]);
    await stopAll();
    throw err;
  }
}

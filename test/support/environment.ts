import { randomBytes } from 'node:crypto';
import { createLogger } from '../../libs/platform/src/logger.js';

/**
 * What integration and end-to-end tests run against: the real Kafka broker and the real
 * MongoDB-compatible server that `npm test` provisions (or the ones KAFKA_BROKERS / MONGO_URL name).
 */
export function realInfrastructure(): { kafkaBrokers: string; mongoServerUrl: string } {
  const kafkaBrokers = process.env.KAFKA_BROKERS;
  const mongoServerUrl = process.env.MONGO_URL;
  if (!kafkaBrokers || !mongoServerUrl) {
    throw new Error('integration tests need KAFKA_BROKERS and MONGO_URL: run them through `npm test`');
  }
  return { kafkaBrokers, mongoServerUrl };
}

/** A topic prefix and database of this test file's own, so files never see each other's data. */
export function isolatedNames(label: string): { topicPrefix: string; database: string } {
  const id = `${label}-${randomBytes(4).toString('hex')}`;
  return { topicPrefix: `t.${id}.`, database: `t_${id.replace(/-/g, '_')}` };
}

export function mongoUrlFor(database: string): string {
  const { mongoServerUrl } = realInfrastructure();
  const url = new URL(mongoServerUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

export const testLogger = () => createLogger('test', process.env.LOG_LEVEL ?? 'silent');

/** Polls an observable effect until it holds or the deadline passes; never a fixed sleep. */
export async function eventually<T>(
  probe: () => Promise<T | undefined | false>,
  what: string,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value !== undefined && value !== false) return value;
    } catch (err) {
      last = err;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(
    `timed out after ${timeoutMs} ms waiting for ${what}${last ? ` (last error: ${(last as Error).message})` : ''}`,
  );
}

import type { Kafka } from 'kafkajs';
import { topicsFor, type Topics } from '../../../contracts/src/topics.js';

/**
 * Creates the bridge's topics if they are missing. Production clusters may create them ahead
 * with their own settings; this only fills gaps.
 */
export async function ensureTopics(kafka: Kafka, prefix: string, partitions = 6): Promise<Topics> {
  const topics = topicsFor(prefix);
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = Object.values(topics).filter((t) => !existing.has(t));
    if (missing.length) {
      await admin.createTopics({
        waitForLeaders: true,
        topics: missing.map((topic) => ({ topic, numPartitions: partitions, replicationFactor: -1 })),
      });
    }
  } finally {
    await admin.disconnect();
  }
  return topics;
}

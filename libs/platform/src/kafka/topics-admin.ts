import type { Kafka } from 'kafkajs';
import { topicsFor, type Topics } from '../../../contracts/src/topics.js';

/**
 * Creates the bridge's topics if they are missing and waits until every partition has a leader.
 * Production clusters may create them ahead with their own settings; this only fills gaps. Several
 * services (or replicas) may run this at once: a topic another one just created is fine. kafkajs's
 * own waitForLeaders is not used because it gives up on the UNKNOWN_TOPIC_OR_PARTITION a KRaft
 * broker can answer for a moment after creating a topic.
 */
export async function ensureTopics(
  kafka: Kafka,
  prefix: string,
  partitions = 6,
  timeoutMs = 30_000,
): Promise<Topics> {
  const topics = topicsFor(prefix);
  const names = Object.values(topics);
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = names.filter((t) => !existing.has(t));
    if (missing.length) {
      await admin
        .createTopics({
          waitForLeaders: false,
          topics: missing.map((topic) => ({ topic, numPartitions: partitions, replicationFactor: -1 })),
        })
        .catch((err: { type?: string }) => {
          if (err.type !== 'TOPIC_ALREADY_EXISTS') throw err;
        });
    }
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const ready = await admin
        .fetchTopicMetadata({ topics: names })
        .then((m) =>
          m.topics.every((t) => t.partitions.length > 0 && t.partitions.every((p) => p.leader >= 0)),
        )
        .catch(() => false);
      if (ready) break;
      if (Date.now() > deadline)
        throw new Error(`topics ${names.join(', ')} have no leaders after ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 100));
    }
  } finally {
    await admin.disconnect();
  }
  return topics;
}

import type { Logger } from '../logger.js';
import { createKafka } from './kafka-client.js';
import { createPublisher } from './publisher.js';
import { ensureTopics } from './topics-admin.js';

/**
 * What a consuming service needs before it starts its consumer: the client, the topics (created
 * if missing) and a connected producer for results and dead letters.
 */
export async function connectKafka(
  config: { KAFKA_BROKERS: string[]; TOPIC_PREFIX: string },
  clientId: string,
  logger: Logger,
) {
  const kafka = createKafka(config.KAFKA_BROKERS, clientId, logger);
  const topics = await ensureTopics(kafka, config.TOPIC_PREFIX);
  const publisher = createPublisher(kafka);
  await publisher.connect();
  return { kafka, topics, publisher };
}

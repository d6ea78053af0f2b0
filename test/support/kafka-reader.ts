import type { Kafka } from 'kafkajs';
import { randomUUID } from 'node:crypto';

/** Collects every message of a topic from the beginning, for asserting what a service published. */
export async function readTopic(kafka: Kafka, topic: string) {
  const messages: Array<{ key: string | undefined; value: unknown }> = [];
  const consumer = kafka.consumer({ groupId: `reader-${randomUUID()}` });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ message }) => {
      messages.push({ key: message.key?.toString(), value: JSON.parse(message.value?.toString() ?? 'null') });
    },
  });
  return {
    messages,
    stop: () => consumer.disconnect(),
  };
}

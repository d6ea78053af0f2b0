import type { Consumer, Kafka, KafkaMessage } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import type { Logger } from '../logger.js';
import type { Publisher } from './publisher.js';

export interface ConsumerOptions<S extends z.ZodType> {
  kafka: Kafka;
  groupId: string;
  topic: string;
  deadLetterTopic: string;
  publisher: Publisher;
  schema: S;
  logger: Logger;
  /** How many partitions are processed at once; messages within one partition stay in order. */
  partitionsConcurrently?: number;
  handle(
    message: z.infer<S>,
    meta: {
      partition: number;
      offset: string;
      key: string | undefined;
      /** Keeps this member in its group while one message takes long (e.g. waiting out an outage). */
      heartbeat(): Promise<void>;
    },
  ): Promise<void>;
}

export interface RunningConsumer {
  stop(): Promise<void>;
  isRunning(): boolean;
}

/**
 * A Kafka entry point: decode, validate, hand to the domain, commit. A message that is not valid
 * JSON or fails its schema is a poison message: it goes to the dead-letter topic and consumption
 * moves on instead of crash-looping. Errors thrown by `handle` are operational (the handler has
 * already retried what it could), so kafkajs retries the message and the offset is not committed.
 */
export async function startConsumer<S extends z.ZodType>(
  options: ConsumerOptions<S>,
): Promise<RunningConsumer> {
  const { kafka, groupId, topic, logger } = options;
  const consumer: Consumer = kafka.consumer({
    groupId,
    sessionTimeout: 30_000,
    heartbeatInterval: 3_000,
    retry: { retries: 10, initialRetryTime: 300, maxRetryTime: 10_000 },
  });
  let running = false;
  // kafkajs restarts the consumer itself after a retriable crash (e.g. "coordinator loading" on a
  // fresh broker); only a crash it gives up on makes this consumer not ready.
  consumer.on(consumer.events.CRASH, (e) => {
    if (e.payload.restart) {
      logger.warn({ err: e.payload.error.message, groupId }, 'consumer restarting after a retriable error');
      return;
    }
    running = false;
    logger.error({ err: e.payload.error, groupId }, 'consumer crashed and will not restart');
  });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({
    autoCommit: true,
    partitionsConsumedConcurrently: options.partitionsConcurrently ?? 3,
    eachMessage: async ({ partition, message, heartbeat }) => {
      const decoded = decode(options.schema, message);
      if (!decoded.ok) {
        await deadLetter(options, message, decoded.reason);
        return;
      }
      await options.handle(decoded.value, {
        partition,
        offset: message.offset,
        key: message.key?.toString(),
        heartbeat,
      });
    },
  });
  running = true;
  return {
    isRunning: () => running,
    async stop() {
      running = false;
      await consumer.stop();
      await consumer.disconnect();
    },
  };
}

function decode<S extends z.ZodType>(
  schema: S,
  message: KafkaMessage,
): { ok: true; value: z.infer<S> } | { ok: false; reason: string } {
  let json: unknown;
  try {
    json = JSON.parse(message.value?.toString() ?? '');
  } catch {
    return { ok: false, reason: 'message value is not JSON' };
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return {
      ok: false,
      reason: `schema validation failed at ${issue?.path.join('.') || '(root)'}: ${issue?.message}`,
    };
  }
  return { ok: true, value: parsed.data };
}

async function deadLetter<S extends z.ZodType>(
  options: ConsumerOptions<S>,
  message: KafkaMessage,
  reason: string,
) {
  const original = message.value?.toString() ?? '';
  let tenantId = 'unknown';
  try {
    tenantId = String((JSON.parse(original) as { tenantId?: unknown }).tenantId ?? 'unknown');
  } catch {
    // not JSON: the tenant cannot be known
  }
  options.logger.warn(
    { topic: options.topic, offset: message.offset, reason },
    'dead-lettering invalid message',
  );
  await options.publisher.publish(options.deadLetterTopic, [
    {
      key: message.key?.toString() ?? 'invalid',
      value: {
        schema: 'vsb.dead-letter.v1',
        eventId: randomUUID(),
        tenantId,
        occurredAt: new Date().toISOString(),
        topic: options.topic,
        reason,
        original,
      },
    },
  ]);
}

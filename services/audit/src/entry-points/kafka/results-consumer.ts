import type { Kafka } from 'kafkajs';
import { resultEventSchema } from '../../../../../libs/contracts/src/events.js';
import type { Topics } from '../../../../../libs/contracts/src/topics.js';
import { startConsumer } from '../../../../../libs/platform/src/kafka/consumer.js';
import type { Publisher } from '../../../../../libs/platform/src/kafka/publisher.js';
import type { Logger } from '../../../../../libs/platform/src/logger.js';
import type { SyncLogRepository } from '../../data-access/sync-log-repository.js';

/** Results → sync log, idempotent on the result's event id (a redelivery changes nothing). */
export function startResultsConsumer(deps: {
  kafka: Kafka;
  topics: Topics;
  groupId: string;
  publisher: Publisher;
  syncLog: SyncLogRepository;
  logger: Logger;
  onRecorded?(outcome: string): void;
}) {
  return startConsumer({
    kafka: deps.kafka,
    groupId: deps.groupId,
    topic: deps.topics.results,
    deadLetterTopic: deps.topics.deadLetter,
    publisher: deps.publisher,
    schema: resultEventSchema,
    logger: deps.logger,
    async handle(result) {
      if (await deps.syncLog.record(result)) deps.onRecorded?.(result.outcome);
    },
  });
}

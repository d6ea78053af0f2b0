import type { Kafka } from 'kafkajs';
import {
  changeEventSchema,
  recordKey,
  type ChangeEvent,
  type ResultEvent,
} from '../../../../../libs/contracts/src/events.js';
import type { Topics } from '../../../../../libs/contracts/src/topics.js';
import { startConsumer, type RunningConsumer } from '../../../../../libs/platform/src/kafka/consumer.js';
import type { Publisher } from '../../../../../libs/platform/src/kafka/publisher.js';
import type { Logger } from '../../../../../libs/platform/src/logger.js';
import type { SyncDecision } from '../../domain/sync-decision.js';

export interface ChangeConsumerDeps {
  kafka: Kafka;
  topics: Topics;
  groupId: string;
  publisher: Publisher;
  logger: Logger;
  applyChange(
    event: ChangeEvent,
    options: { sleep(ms: number): Promise<void> },
  ): Promise<{ result?: ResultEvent; decision?: SyncDecision }>;
  onDecision?(event: ChangeEvent, decision: SyncDecision): void;
}

/**
 * Consumes change events: validate, apply, publish the result (and, for failures, the change to
 * the dead-letter topic so it can be replayed), then let the offset commit. A result is published
 * before the offset commits, so a crash can repeat a result (audit dedupes) but never lose one.
 */
export function startChangeConsumer(deps: ChangeConsumerDeps): Promise<RunningConsumer> {
  return startConsumer({
    kafka: deps.kafka,
    groupId: deps.groupId,
    topic: deps.topics.changes,
    deadLetterTopic: deps.topics.deadLetter,
    publisher: deps.publisher,
    schema: changeEventSchema,
    logger: deps.logger,
    partitionsConcurrently: 6,
    async handle(event, { heartbeat }) {
      const { result, decision } = await deps.applyChange(event, {
        sleep: (ms) => sleepWithHeartbeats(ms, heartbeat),
      });
      if (decision) deps.onDecision?.(event, decision);
      if (!result) return;
      const key = recordKey(event.tenantId, event.module, event.source, event.recordId);
      await deps.publisher.publish(deps.topics.results, [{ key, value: result }]);
      if (result.outcome === 'failed') {
        await deps.publisher.publish(deps.topics.deadLetter, [
          {
            key,
            value: {
              schema: 'vsb.dead-letter.v1',
              eventId: `${event.eventId}:dead-letter`,
              tenantId: event.tenantId,
              occurredAt: result.occurredAt,
              topic: deps.topics.changes,
              reason: `${result.reason?.code}: ${result.reason?.message}`,
              original: JSON.stringify(event),
            },
          },
        ]);
      }
    },
  });
}

/**
 * Waits out a retry delay in slices, heartbeating between them: a change may wait minutes for an
 * upstream to come back, far longer than the group's session timeout.
 */
async function sleepWithHeartbeats(ms: number, heartbeat: () => Promise<void>): Promise<void> {
  const until = Date.now() + ms;
  for (let left = ms; left > 0; left = until - Date.now()) {
    await new Promise((r) => setTimeout(r, Math.min(left, 3_000)));
    await heartbeat();
  }
}

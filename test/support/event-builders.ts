import { randomUUID } from 'node:crypto';
import { recordKey, type ChangeEvent, type ResultEvent } from '../../libs/contracts/src/events.js';
import type { OutgoingMessage } from '../../libs/platform/src/kafka/publisher.js';

/** A change event as ingest publishes it for a Vtiger save, with the given differences. */
export function aChangeEvent(tenantId: string, overrides: Partial<ChangeEvent> = {}): ChangeEvent {
  const now = new Date().toISOString();
  return {
    schema: 'vsb.change.v1',
    eventId: randomUUID(),
    tenantId,
    occurredAt: now,
    source: 'vtiger',
    module: 'organizations',
    recordId: `11x${Math.floor(Math.random() * 1e6)}`,
    kind: 'upsert',
    trigger: 'webhook',
    detectedAt: now,
    ...overrides,
  };
}

/** A result event as sync publishes it, with the given differences. */
export function aResultEvent(tenantId: string, overrides: Partial<ResultEvent> = {}): ResultEvent {
  const causationId = randomUUID();
  return {
    schema: 'vsb.result.v1',
    eventId: `${causationId}:result`,
    tenantId,
    occurredAt: new Date().toISOString(),
    causationId,
    module: 'organizations',
    direction: 'vtiger_to_sage',
    outcome: 'created',
    vtigerId: `11x${Math.floor(Math.random() * 1e6)}`,
    sageId: randomUUID().replace(/-/g, ''),
    recordLabel: 'Globex Corporation',
    ...overrides,
  };
}

/** The Kafka message for an event, keyed the way the services key it (one record, one partition). */
export function messageFor(event: ChangeEvent | ResultEvent): OutgoingMessage {
  const side =
    event.schema === 'vsb.change.v1'
      ? event.source
      : event.direction === 'vtiger_to_sage'
        ? 'vtiger'
        : 'sage';
  const recordId =
    event.schema === 'vsb.change.v1'
      ? event.recordId
      : ((side === 'vtiger' ? event.vtigerId : event.sageId) ?? 'unknown');
  return { key: recordKey(event.tenantId, event.module, side, recordId), value: event };
}

import { z } from 'zod';
import { DIRECTIONS, MODULES } from './modules.js';
import { OUTCOMES, REASON_CODES } from './reason-codes.js';

/**
 * Every Kafka message is one of these versioned JSON envelopes. Consumers validate before acting;
 * an envelope that fails validation is dead-lettered, never retried.
 */
const envelopeBase = {
  eventId: z.string().min(8).max(100),
  tenantId: z.string().min(1).max(64),
  occurredAt: z.iso.datetime(),
};

const moduleName = z.enum(MODULES);
const side = z.enum(['vtiger', 'sage']);

export const changeEventSchema = z.object({
  schema: z.literal('vsb.change.v1'),
  ...envelopeBase,
  source: side,
  module: moduleName,
  /** The record's id on the side that changed. Events are hints: sync re-reads the record. */
  recordId: z.string().min(1).max(100),
  kind: z.enum(['upsert', 'delete']),
  trigger: z.enum(['webhook', 'poll', 'sweep', 'retry']),
  /** Set when the change belongs to a sweep or sync-now run. */
  runId: z.string().optional(),
  /** When the bridge first learned of the change; propagation latency is measured from here. */
  detectedAt: z.iso.datetime(),
});
export type ChangeEvent = z.infer<typeof changeEventSchema>;

export const reasonSchema = z.object({
  code: z.enum(REASON_CODES),
  message: z.string(),
  field: z.string().optional(),
});
export type Reason = z.infer<typeof reasonSchema>;

export const fieldChangeSchema = z.object({
  field: z.string(),
  from: z.unknown().optional(),
  to: z.unknown().optional(),
});

export const resultEventSchema = z.object({
  schema: z.literal('vsb.result.v1'),
  ...envelopeBase,
  /** The change event this decision answers; one result per change event and direction. */
  causationId: z.string(),
  runId: z.string().optional(),
  module: moduleName,
  direction: z.enum(DIRECTIONS),
  outcome: z.enum(OUTCOMES),
  reason: reasonSchema.optional(),
  vtigerId: z.string().optional(),
  sageId: z.string().optional(),
  recordLabel: z.string().optional(),
  changes: z.array(fieldChangeSchema).optional(),
  /** Extra facts worth showing, e.g. the Sage invoice number. */
  details: z.record(z.string(), z.string()).optional(),
  detectedAt: z.iso.datetime().optional(),
  /** On failed results: the change to replay when an operator retries. */
  change: changeEventSchema.optional(),
});
export type ResultEvent = z.infer<typeof resultEventSchema>;

export const commandEventSchema = z.object({
  schema: z.literal('vsb.command.v1'),
  ...envelopeBase,
  command: z.enum(['sync-now', 'retry']),
  runId: z.string().optional(),
  modules: z.array(moduleName).optional(),
  /** For retry: the change to replay. */
  change: changeEventSchema.optional(),
});
export type CommandEvent = z.infer<typeof commandEventSchema>;

export const deadLetterSchema = z.object({
  schema: z.literal('vsb.dead-letter.v1'),
  ...envelopeBase,
  topic: z.string(),
  reason: z.string(),
  /** The original message value, as text. */
  original: z.string(),
});
export type DeadLetter = z.infer<typeof deadLetterSchema>;

/** The partition key that keeps every event of one record in order. */
export function recordKey(tenantId: string, module: string, side: string, recordId: string): string {
  return `${tenantId}|${module}|${side}|${recordId}`;
}

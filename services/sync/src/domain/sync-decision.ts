import type { Reason } from '../../../../libs/contracts/src/events.js';
import type { Outcome } from '../../../../libs/contracts/src/reason-codes.js';
import type { FieldChange } from './field-diff.js';

/**
 * What syncing one record decided. `unchanged` (nothing mapped differs, e.g. an echo of the
 * bridge's own write) costs no write and makes no sync-log entry.
 */
export interface SyncDecision {
  outcome: Outcome | 'unchanged';
  reason?: Reason;
  vtigerId?: string;
  sageId?: string;
  recordLabel?: string;
  changes?: FieldChange[];
  details?: Record<string, string>;
}

export const skipped = (reason: Reason, ids: Omit<SyncDecision, 'outcome' | 'reason'>): SyncDecision => ({
  outcome: 'skipped',
  reason,
  ...ids,
});

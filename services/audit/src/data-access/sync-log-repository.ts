import { Schema, type Connection } from 'mongoose';
import type { ResultEvent } from '../../../../libs/contracts/src/events.js';
import { isDuplicateKeyError, modelOn } from '../../../../libs/platform/src/mongo.js';

/** One sync-log entry per result event; the entry id is the result's event id (idempotent). */
export interface SyncLogDoc {
  _id: string;
  tenantId: string;
  at: Date;
  runId?: string;
  module: string;
  direction: string;
  outcome: string;
  reason?: { code: string; message: string; field?: string };
  vtigerId?: string;
  sageId?: string;
  recordLabel?: string;
  changes?: Array<{ field: string; from?: unknown; to?: unknown }>;
  details?: Record<string, string>;
  /** For failures: the change to replay on retry, and when it was retried. */
  change?: unknown;
  retriedAt?: Date;
  retryEventId?: string;
}

const syncLogSchema = new Schema<SyncLogDoc>(
  {
    _id: String,
    tenantId: String,
    at: Date,
    runId: String,
    module: String,
    direction: String,
    outcome: String,
    reason: Schema.Types.Mixed,
    vtigerId: String,
    sageId: String,
    recordLabel: String,
    changes: Schema.Types.Mixed,
    details: Schema.Types.Mixed,
    change: Schema.Types.Mixed,
    retriedAt: Date,
    retryEventId: String,
  },
  { versionKey: false },
);

export interface SyncLogQuery {
  module?: string;
  outcome?: string;
  direction?: string;
  runId?: string;
  since?: Date;
  until?: Date;
  /** Continue after this entry (newest first). */
  after?: { at: Date; id: string };
  limit: number;
  onlyUnretriedFailures?: boolean;
}

export function createSyncLogRepository(connection: Connection) {
  const Entry = modelOn<SyncLogDoc>(connection, 'SyncLogEntry', syncLogSchema, 'sync_log');
  return {
    async ensureIndexes() {
      await Entry.createCollection().catch(() => undefined);
      await Entry.collection.createIndex({ tenantId: 1, at: -1, _id: -1 }, { name: 'tenant_newest_first' });
      await Entry.collection.createIndex({ tenantId: 1, outcome: 1, at: -1 }, { name: 'tenant_outcome' });
    },
    /** Stores a result once; a redelivered result changes nothing. Returns whether it was new. */
    async record(result: ResultEvent): Promise<boolean> {
      const doc: SyncLogDoc = {
        _id: result.eventId,
        tenantId: result.tenantId,
        at: new Date(result.occurredAt),
        module: result.module,
        direction: result.direction,
        outcome: result.outcome,
        ...(result.runId ? { runId: result.runId } : {}),
        ...(result.reason ? { reason: result.reason } : {}),
        ...(result.vtigerId ? { vtigerId: result.vtigerId } : {}),
        ...(result.sageId ? { sageId: result.sageId } : {}),
        ...(result.recordLabel ? { recordLabel: result.recordLabel } : {}),
        ...(result.changes ? { changes: result.changes } : {}),
        ...(result.details ? { details: result.details } : {}),
        ...(result.change ? { change: result.change } : {}),
      };
      try {
        await Entry.collection.insertOne(doc as never);
        return true;
      } catch (err) {
        if (isDuplicateKeyError(err)) return false;
        throw err;
      }
    },
    async find(tenantId: string, q: SyncLogQuery): Promise<SyncLogDoc[]> {
      const filter: Record<string, unknown> = { tenantId };
      if (q.module) filter.module = q.module;
      if (q.outcome) filter.outcome = q.outcome;
      if (q.direction) filter.direction = q.direction;
      if (q.runId) filter.runId = q.runId;
      if (q.onlyUnretriedFailures) {
        filter.outcome = 'failed';
        filter.retriedAt = { $exists: false };
      }
      const at: Record<string, Date> = {};
      if (q.since) at.$gte = q.since;
      if (q.until) at.$lt = q.until;
      if (Object.keys(at).length) filter.at = at;
      if (q.after) {
        filter.$or = [{ at: { $lt: q.after.at } }, { at: q.after.at, _id: { $lt: q.after.id } }];
      }
      return Entry.find(filter).sort({ at: -1, _id: -1 }).limit(q.limit).lean<SyncLogDoc[]>().exec();
    },
    async get(tenantId: string, id: string): Promise<SyncLogDoc | null> {
      return Entry.findOne({ _id: id, tenantId }).lean<SyncLogDoc>().exec();
    },
    /** Counts per module and outcome since a time (aggregate $group: FerretDB supports it). */
    async summary(
      tenantId: string,
      since: Date,
    ): Promise<Array<{ module: string; outcome: string; count: number }>> {
      const rows = await Entry.aggregate<{ _id: { module: string; outcome: string }; count: number }>([
        { $match: { tenantId, at: { $gte: since } } },
        { $group: { _id: { module: '$module', outcome: '$outcome' }, count: { $sum: 1 } } },
      ]);
      return rows.map((r) => ({ module: r._id.module, outcome: r._id.outcome, count: r.count }));
    },
    /** Marks a failure as retried, once: a second retry of the same entry finds nothing to mark. */
    async markRetried(tenantId: string, id: string, retryEventId: string): Promise<boolean> {
      const result = await Entry.updateOne(
        { _id: id, tenantId, outcome: 'failed', retriedAt: { $exists: false } },
        { $set: { retriedAt: new Date(), retryEventId } },
      );
      return result.modifiedCount === 1;
    },
  };
}
export type SyncLogRepository = ReturnType<typeof createSyncLogRepository>;

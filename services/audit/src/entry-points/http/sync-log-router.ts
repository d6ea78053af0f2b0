import express from 'express';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { changeEventSchema, recordKey } from '../../../../../libs/contracts/src/events.js';
import { DIRECTIONS, MODULES } from '../../../../../libs/contracts/src/modules.js';
import { OUTCOMES } from '../../../../../libs/contracts/src/reason-codes.js';
import { ProblemError } from '../../../../../libs/platform/src/http/problem.js';
import { KafkaUnavailableError } from '../../../../../libs/platform/src/kafka/publisher.js';
import type { SyncLogDoc } from '../../data-access/sync-log-repository.js';
import { decodeCursor, encodeCursor } from '../../domain/sync-log-cursor.js';
import { sageRecordUrl, vtigerRecordUrl } from '../../domain/record-links.js';
import type { AuditApiDeps } from './deps.js';
import { parseOr400, tenantFor } from './params.js';

const listQuery = z
  .object({
    module: z.enum(MODULES).optional(),
    outcome: z.enum(OUTCOMES).optional(),
    direction: z.enum(DIRECTIONS).optional(),
    runId: z.string().max(100).optional(),
    since: z.iso.datetime({ offset: true }).optional(),
    until: z.iso.datetime({ offset: true }).optional(),
    cursor: z.string().max(500).optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
  })
  .strict();

function present(entry: SyncLogDoc, vtigerUrl: string | undefined) {
  return {
    id: entry._id,
    at: entry.at.toISOString(),
    runId: entry.runId ?? null,
    module: entry.module,
    direction: entry.direction,
    outcome: entry.outcome,
    reason: entry.reason ?? null,
    vtigerId: entry.vtigerId ?? null,
    sageId: entry.sageId ?? null,
    recordLabel: entry.recordLabel ?? null,
    ...(entry.changes ? { changes: entry.changes } : {}),
    ...(entry.details ? { details: entry.details } : {}),
    links: {
      vtiger: vtigerRecordUrl(vtigerUrl, entry.module, entry.vtigerId) ?? null,
      sage: sageRecordUrl(entry.module, entry.sageId) ?? null,
    },
    ...(entry.outcome === 'failed' ? { retriedAt: entry.retriedAt?.toISOString() ?? null } : {}),
  };
}

/** The sync log, its summary, and failures with retry. */
export function createSyncLogRouter(deps: AuditApiDeps): express.Router {
  const router = express.Router();

  async function page(tenantId: string, query: unknown, onlyUnretriedFailures: boolean) {
    const q = parseOr400(listQuery, query, 'query');
    const after = q.cursor ? decodeCursor(q.cursor) : undefined;
    if (q.cursor && !after)
      throw new ProblemError('VALIDATION_FAILED', 'cursor is not one this API issued', { field: 'cursor' });
    const entries = await deps.syncLog.find(tenantId, {
      module: q.module,
      outcome: q.outcome,
      direction: q.direction,
      runId: q.runId,
      since: q.since ? new Date(q.since) : undefined,
      until: q.until ? new Date(q.until) : undefined,
      after,
      limit: q.limit + 1,
      onlyUnretriedFailures,
    });
    const vtiger = await deps.connections.describeVtiger(tenantId);
    const items = entries.slice(0, q.limit).map((e) => present(e, vtiger?.url));
    const last = entries.length > q.limit ? entries[q.limit - 1] : undefined;
    return { items, nextCursor: last ? encodeCursor({ at: last.at, id: last._id }) : null };
  }

  router.get('/v1/tenants/:tenantId/sync-log', async (req, res) => {
    const { _id: tenantId } = await tenantFor(deps, req, res, 'read');
    res.json(await page(tenantId, req.query, false));
  });

  router.get('/v1/tenants/:tenantId/sync-log/summary', async (req, res) => {
    const { _id: tenantId } = await tenantFor(deps, req, res, 'read');
    const { since } = parseOr400(
      z.object({ since: z.iso.datetime({ offset: true }).optional() }).strict(),
      req.query,
      'query',
    );
    const from = since ? new Date(since) : new Date(Date.now() - 24 * 3600_000);
    const rows = await deps.syncLog.summary(tenantId, from);
    const modules = Object.fromEntries(
      MODULES.map((m) => [
        m,
        Object.fromEntries(
          OUTCOMES.map((o) => [o, rows.find((r) => r.module === m && r.outcome === o)?.count ?? 0]),
        ),
      ]),
    );
    res.json({ since: from.toISOString(), modules });
  });

  router.get('/v1/tenants/:tenantId/failures', async (req, res) => {
    const { _id: tenantId } = await tenantFor(deps, req, res, 'read');
    res.json(await page(tenantId, req.query, true));
  });

  router.post('/v1/tenants/:tenantId/failures/:id/retry', async (req, res) => {
    const { _id: tenantId } = await tenantFor(deps, req, res, 'write');
    const entry = await deps.syncLog.get(tenantId, String(req.params.id));
    if (!entry || entry.outcome !== 'failed')
      throw new ProblemError('NOT_FOUND', `no failure "${req.params.id}" for tenant ${tenantId}`);
    if (entry.retriedAt)
      throw new ProblemError(
        'CONFLICT',
        `failure "${entry._id}" was already retried as event ${entry.retryEventId}`,
      );
    const original = changeEventSchema.safeParse(entry.change);
    if (!original.success) throw new ProblemError('CONFLICT', 'this failure has no change to replay');
    const now = new Date().toISOString();
    // A new event (new id) for the same record: sync re-reads the record, so the retry uses today's data.
    const retry = {
      ...original.data,
      eventId: randomUUID(),
      occurredAt: now,
      detectedAt: now,
      trigger: 'retry' as const,
    };
    try {
      await deps.publisher.publish(deps.topics.changes, [
        { key: recordKey(tenantId, retry.module, retry.source, retry.recordId), value: retry },
      ]);
    } catch (err) {
      if (err instanceof KafkaUnavailableError)
        throw new ProblemError('KAFKA_UNAVAILABLE', 'the retry could not be queued; try again shortly', {
          headers: { 'Retry-After': '5' },
        });
      throw err;
    }
    await deps.syncLog.markRetried(tenantId, entry._id, retry.eventId);
    res.status(202).json({ eventId: retry.eventId });
  });
  return router;
}

import { allows, directionFrom, type ModuleName } from '../../../../libs/contracts/src/modules.js';
import type { ChangeEvent, Reason, ResultEvent } from '../../../../libs/contracts/src/events.js';
import {
  AuthorizationRevokedError,
  PermanentUpstreamError,
  type Upstream,
} from '../../../../libs/platform/src/errors.js';
import type { Logger } from '../../../../libs/platform/src/logger.js';
import { isRetryable, retryDelayMs } from '../../../../libs/platform/src/resilience/backoff.js';
import type { TenantDoc } from '../../../../libs/state/src/tenants-repository.js';
import { LinkConflictError } from '../data-access/links-repository.js';
import { skipped, type SyncDecision } from '../domain/sync-decision.js';
import { NotConnectedError } from '../upstreams/tenant-upstreams.js';

export type RecordSyncer = (tenant: TenantDoc, recordId: string) => Promise<SyncDecision>;

export interface ApplyChangeDeps {
  tenants: { get(tenantId: string): Promise<TenantDoc | null> };
  /** The syncers this version has, by module and the side the change came from. */
  syncers: Partial<Record<`${ModuleName}:${'vtiger' | 'sage'}`, RecordSyncer>>;
  logger: Logger;
  /** How long one change may keep retrying against an unavailable upstream before it fails. */
  maxRetryMs: number;
  onRetry?(err: unknown): void;
  /** Waits between retries (tests inject a fake; the consumer passes one that heartbeats). */
  sleep?(ms: number): Promise<void>;
  now?: () => number;
}

const LABEL: Record<ModuleName, string> = {
  organizations: 'Organizations',
  contacts: 'Contacts',
  products: 'Products',
  services: 'Services',
  invoices: 'Invoices',
};

/**
 * Applies one change event and says what happened, as the result event to publish (or nothing,
 * for a change that needs no write). Transient upstream failures are retried here, with backoff,
 * honouring Retry-After and open breakers, until `maxRetryMs`; then the change fails with a reason.
 */
export function createApplyChange(deps: ApplyChangeDeps) {
  const now = deps.now ?? Date.now;
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));

  async function decide(
    event: ChangeEvent,
    tenant: TenantDoc,
    pause: (ms: number) => Promise<void>,
  ): Promise<SyncDecision> {
    const direction = directionFrom(event.source);
    const setting = tenant.settings.modules[event.module];
    const idField = event.source === 'vtiger' ? { vtigerId: event.recordId } : { sageId: event.recordId };
    if (!setting?.enabled) {
      return skipped(
        { code: 'MODULE_DISABLED', message: `${LABEL[event.module]} sync is disabled for this tenant` },
        idField,
      );
    }
    if (!allows(setting.direction, direction)) {
      return skipped(
        {
          code: 'DIRECTION_DISABLED',
          message: `${LABEL[event.module]} sync only runs ${setting.direction.replace(/_/g, ' ')}`,
        },
        idField,
      );
    }
    const syncer = deps.syncers[`${event.module}:${event.source}`];
    if (!syncer || event.kind === 'delete') {
      return skipped(
        {
          code: 'NOT_SUPPORTED',
          message: `this version of the bridge does not yet sync ${event.kind === 'delete' ? 'deletions of ' : ''}${LABEL[event.module].toLowerCase()} ${direction.replace(/_/g, ' ')}`,
        },
        idField,
      );
    }
    const deadline = now() + deps.maxRetryMs;
    for (let attempt = 1; ; attempt++) {
      try {
        return await syncer(tenant, event.recordId);
      } catch (err) {
        if (!isRetryable(err)) return failureDecision(err, idField);
        const wait = retryDelayMs(err, attempt);
        if (now() + wait > deadline) {
          return {
            outcome: 'failed',
            ...idField,
            reason: {
              code: 'UPSTREAM_UNAVAILABLE',
              message: `${upstreamName(err)} stayed unavailable for ${Math.round(deps.maxRetryMs / 1000)} s: ${(err as Error).message}`,
            },
          };
        }
        deps.onRetry?.(err);
        deps.logger.warn(
          {
            tenantId: event.tenantId,
            eventId: event.eventId,
            attempt,
            waitMs: wait,
            err: (err as Error).message,
          },
          'retrying change',
        );
        await pause(wait);
      }
    }
  }

  return async function applyChange(
    event: ChangeEvent,
    options: { sleep?(ms: number): Promise<void> } = {},
  ): Promise<{ result?: ResultEvent; decision?: SyncDecision }> {
    const tenant = await deps.tenants.get(event.tenantId);
    if (!tenant) {
      deps.logger.warn(
        { tenantId: event.tenantId, eventId: event.eventId },
        'change for an unknown tenant dropped',
      );
      return {};
    }
    const decision = await decide(event, tenant, options.sleep ?? sleep);
    if (decision.outcome === 'unchanged') return { decision };
    const result: ResultEvent = {
      schema: 'vsb.result.v1',
      // Derived from the change, so a change processed twice (crash before commit) is logged once.
      eventId: `${event.eventId}:result`,
      tenantId: event.tenantId,
      occurredAt: new Date(now()).toISOString(),
      causationId: event.eventId,
      ...(event.runId ? { runId: event.runId } : {}),
      module: event.module,
      direction: directionFrom(event.source),
      outcome: decision.outcome,
      ...(decision.reason ? { reason: decision.reason } : {}),
      ...(decision.vtigerId ? { vtigerId: decision.vtigerId } : {}),
      ...(decision.sageId ? { sageId: decision.sageId } : {}),
      ...(decision.recordLabel ? { recordLabel: decision.recordLabel } : {}),
      ...(decision.changes?.length ? { changes: decision.changes } : {}),
      ...(decision.details ? { details: decision.details } : {}),
      detectedAt: event.detectedAt,
      ...(decision.outcome === 'failed' ? { change: event } : {}),
    };
    return { result, decision };
  };
}

function upstreamName(err: unknown): string {
  const upstream = (err as { upstream?: Upstream }).upstream;
  return upstream === 'vtiger' ? 'Vtiger' : upstream === 'sage' ? 'Sage' : 'the upstream';
}

/** Turns a non-retryable error into the failed or skipped decision the sync log shows. */
function failureDecision(err: unknown, ids: { vtigerId?: string; sageId?: string }): SyncDecision {
  let reason: Reason;
  if (err instanceof PermanentUpstreamError) {
    reason = {
      code: 'UPSTREAM_REJECTED',
      message: `${upstreamName(err)} rejected the write: ${err.message}`,
      ...(err.field ? { field: err.field } : {}),
    };
  } else if (err instanceof NotConnectedError) {
    reason = { code: 'NOT_CONNECTED', message: `${err.message}; connect it in the bridge's settings` };
  } else if (err instanceof AuthorizationRevokedError) {
    reason = { code: 'REAUTHORIZATION_REQUIRED', message: `${upstreamName(err)}: ${err.message}` };
  } else if (err instanceof LinkConflictError) {
    return skipped(
      {
        code: 'AMBIGUOUS_MATCH',
        message: `the matching ${err.side === 'sage' ? 'Sage' : 'Vtiger'} record is already linked to another record`,
      },
      ids,
    );
  } else {
    throw err; // a programmer error: let the consumer crash loudly rather than log it as data
  }
  return { outcome: 'failed', ...ids, reason };
}

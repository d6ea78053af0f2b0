/**
 * A unit test with stubbed ports: the tenant source, the syncers, the clock and the sleep are
 * in-memory stand-ins, so no Kafka, database or upstream is touched and no time really passes.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { resultEventSchema, type ChangeEvent } from '../../../../libs/contracts/src/events.js';
import type { ModuleDirection, ModuleName } from '../../../../libs/contracts/src/modules.js';
import {
  AuthorizationRevokedError,
  PermanentUpstreamError,
  RateLimitedError,
  TransientUpstreamError,
} from '../../../../libs/platform/src/errors.js';
import type { Logger } from '../../../../libs/platform/src/logger.js';
import { defaultSettings } from '../../../../libs/state/src/tenant-settings.js';
import type { TenantDoc } from '../../../../libs/state/src/tenants-repository.js';
import { LinkConflictError } from '../data-access/links-repository.js';
import type { SyncDecision } from '../domain/sync-decision.js';
import { NotConnectedError } from '../upstreams/tenant-upstreams.js';
import { createApplyChange, type ApplyChangeDeps, type RecordSyncer } from './apply-change.js';

const T0 = Date.parse('2025-03-01T12:00:00.000Z');

function aChange(overrides: Partial<ChangeEvent> = {}): ChangeEvent {
  return {
    schema: 'vsb.change.v1',
    eventId: 'evt-0001-abcd',
    tenantId: 'acme',
    occurredAt: '2025-03-01T11:59:59.000Z',
    source: 'vtiger',
    module: 'organizations',
    recordId: '11x42',
    kind: 'upsert',
    trigger: 'webhook',
    detectedAt: '2025-03-01T11:59:58.000Z',
    ...overrides,
  };
}

function aTenant(
  modules: Partial<Record<ModuleName, { enabled: boolean; direction: ModuleDirection }>> = {},
) {
  const settings = defaultSettings();
  settings.modules.organizations = { enabled: true, direction: 'both' };
  Object.assign(settings.modules, modules);
  const tenant: TenantDoc = {
    _id: 'acme',
    name: 'Acme',
    webhookSecretHash: '',
    settings,
    settingsVersion: 1,
    createdAt: new Date(T0),
    updatedAt: new Date(T0),
  };
  return tenant;
}

/** A syncer that throws each given error in turn, then answers `decision`. */
function aSyncer(errors: unknown[], decision: SyncDecision = { outcome: 'created', vtigerId: '11x42' }) {
  const calls: string[] = [];
  const syncer: RecordSyncer = async (_tenant, recordId) => {
    calls.push(recordId);
    const err = errors[calls.length - 1];
    if (err) throw err;
    return decision;
  };
  return { syncer, calls };
}

const silentLogger = { warn: () => undefined } as unknown as Logger;

/** Builds applyChange on a fake clock that only moves when the code sleeps. */
function anApplyChange(overrides: Partial<ApplyChangeDeps> = {}, tenant: TenantDoc | null = aTenant()) {
  let clock = T0;
  const waits: number[] = [];
  const retried: unknown[] = [];
  const applyChange = createApplyChange({
    tenants: { get: async () => tenant },
    syncers: {},
    logger: silentLogger,
    maxRetryMs: 60_000,
    onRetry: (err) => retried.push(err),
    sleep: async (ms) => {
      waits.push(ms);
      clock += ms;
    },
    now: () => clock,
    ...overrides,
  });
  return { applyChange, waits, retried };
}

const sageDown = () => new TransientUpstreamError('sage', 'Sage answered 503');

describe('applying a change: module settings', () => {
  test('when the module is disabled, the change is skipped with MODULE_DISABLED and no syncer runs', async () => {
    const { syncer, calls } = aSyncer([]);
    const { applyChange } = anApplyChange(
      { syncers: { 'invoices:vtiger': syncer } },
      aTenant({ invoices: { enabled: false, direction: 'both' } }),
    );
    const { result } = await applyChange(aChange({ module: 'invoices', recordId: '7x9' }));
    assert.equal(result?.outcome, 'skipped');
    assert.equal(result?.reason?.code, 'MODULE_DISABLED');
    assert.match(result?.reason?.message ?? '', /Invoices sync is disabled/);
    assert.equal(result?.vtigerId, '7x9');
    assert.deepEqual(calls, []);
  });

  test('when the module only syncs the other way, the change is skipped with DIRECTION_DISABLED', async () => {
    const { syncer, calls } = aSyncer([]);
    const { applyChange } = anApplyChange(
      { syncers: { 'organizations:vtiger': syncer } },
      aTenant({ organizations: { enabled: true, direction: 'sage_to_vtiger' } }),
    );
    const { result } = await applyChange(aChange());
    assert.equal(result?.reason?.code, 'DIRECTION_DISABLED');
    assert.match(result?.reason?.message ?? '', /only runs sage to vtiger/);
    assert.deepEqual(calls, []);
  });

  test('when the change comes from Sage, the skip names the Sage id and the sage_to_vtiger direction', async () => {
    const { applyChange } = anApplyChange(
      {},
      aTenant({ organizations: { enabled: true, direction: 'vtiger_to_sage' } }),
    );
    const { result } = await applyChange(aChange({ source: 'sage', recordId: 'abc123' }));
    assert.equal(result?.reason?.code, 'DIRECTION_DISABLED');
    assert.equal(result?.sageId, 'abc123');
    assert.equal(result?.vtigerId, undefined);
    assert.equal(result?.direction, 'sage_to_vtiger');
  });

  test('when this version has no syncer for the module and side, the change is skipped with NOT_SUPPORTED', async () => {
    const { applyChange } = anApplyChange({ syncers: {} });
    const { result } = await applyChange(aChange());
    assert.equal(result?.reason?.code, 'NOT_SUPPORTED');
    assert.match(result?.reason?.message ?? '', /does not yet sync organizations vtiger to sage/);
  });

  test('when the change is a deletion, it is skipped with NOT_SUPPORTED naming deletions, and the syncer does not run', async () => {
    const { syncer, calls } = aSyncer([]);
    const { applyChange } = anApplyChange({ syncers: { 'organizations:vtiger': syncer } });
    const { result } = await applyChange(aChange({ kind: 'delete' }));
    assert.equal(result?.reason?.code, 'NOT_SUPPORTED');
    assert.match(result?.reason?.message ?? '', /deletions of organizations/);
    assert.deepEqual(calls, []);
  });

  test('when the tenant is unknown, the change is dropped without a result', async () => {
    const { applyChange } = anApplyChange({}, null);
    assert.deepEqual(await applyChange(aChange()), {});
  });
});

describe('applying a change: transient failures', () => {
  test('when the upstream fails transiently twice, the change is retried after waiting and then succeeds', async () => {
    const { syncer, calls } = aSyncer([sageDown(), sageDown()]);
    const { applyChange, waits, retried } = anApplyChange({ syncers: { 'organizations:vtiger': syncer } });
    const { result } = await applyChange(aChange());
    assert.equal(result?.outcome, 'created');
    assert.equal(calls.length, 3);
    assert.equal(waits.length, 2);
    assert.equal(retried.length, 2);
    assert.ok(waits.every((ms) => ms > 0));
  });

  test("when the upstream is rate limited, the wait is the upstream's Retry-After", async () => {
    const { syncer } = aSyncer([new RateLimitedError('sage', 'slow down', 4_000)]);
    const { applyChange, waits } = anApplyChange({ syncers: { 'organizations:vtiger': syncer } });
    await applyChange(aChange());
    assert.deepEqual(waits, [4_000]);
  });

  test('when the upstream stays unavailable past maxRetryMs, the change fails with UPSTREAM_UNAVAILABLE and carries the change for a retry', async () => {
    const { syncer, calls } = aSyncer(Array.from({ length: 1000 }, sageDown));
    const { applyChange, waits } = anApplyChange({
      syncers: { 'organizations:vtiger': syncer },
      maxRetryMs: 5_000,
    });
    const change = aChange();
    const { result } = await applyChange(change);
    assert.equal(result?.outcome, 'failed');
    assert.equal(result?.reason?.code, 'UPSTREAM_UNAVAILABLE');
    assert.match(result?.reason?.message ?? '', /^Sage stayed unavailable for 5 s: Sage answered 503$/);
    assert.deepEqual(result?.change, change);
    assert.ok(calls.length > 1, 'it retried before giving up');
    assert.ok(waits.reduce((a, b) => a + b, 0) <= 5_000, 'it never waits beyond the retry budget');
  });

  test('when Retry-After is longer than the whole retry budget, the change fails at once without waiting', async () => {
    const { syncer, calls } = aSyncer([new RateLimitedError('vtiger', 'quota', 120_000)]);
    const { applyChange, waits } = anApplyChange({
      syncers: { 'organizations:vtiger': syncer },
      maxRetryMs: 10_000,
    });
    const { result } = await applyChange(aChange());
    assert.equal(result?.reason?.code, 'UPSTREAM_UNAVAILABLE');
    assert.match(result?.reason?.message ?? '', /^Vtiger stayed unavailable/);
    assert.deepEqual(waits, []);
    assert.equal(calls.length, 1);
  });
});

describe('applying a change: permanent failures', () => {
  test("when the upstream rejects the write, the change fails with UPSTREAM_REJECTED, the upstream's message and field, without retrying", async () => {
    const rejection = new PermanentUpstreamError(
      'sage',
      'Reference is too long',
      422,
      'RecordInvalid',
      'reference',
    );
    const { syncer, calls } = aSyncer([rejection]);
    const { applyChange, waits } = anApplyChange({ syncers: { 'organizations:vtiger': syncer } });
    const change = aChange();
    const { result } = await applyChange(change);
    assert.equal(result?.outcome, 'failed');
    assert.deepEqual(result?.reason, {
      code: 'UPSTREAM_REJECTED',
      message: 'Sage rejected the write: Reference is too long',
      field: 'reference',
    });
    assert.deepEqual(result?.change, change);
    assert.equal(calls.length, 1);
    assert.deepEqual(waits, []);
  });

  test('when the tenant has no connection to the upstream, the change fails with NOT_CONNECTED', async () => {
    const { syncer } = aSyncer([new NotConnectedError('sage', 'acme')]);
    const { applyChange } = anApplyChange({ syncers: { 'organizations:vtiger': syncer } });
    const { result } = await applyChange(aChange());
    assert.equal(result?.outcome, 'failed');
    assert.equal(result?.reason?.code, 'NOT_CONNECTED');
    assert.match(result?.reason?.message ?? '', /tenant acme has no Sage connection; connect it/);
  });

  test('when the Sage authorisation was revoked, the change fails with REAUTHORIZATION_REQUIRED', async () => {
    const { syncer } = aSyncer([new AuthorizationRevokedError('sage', 'refresh token expired')]);
    const { applyChange } = anApplyChange({ syncers: { 'organizations:vtiger': syncer } });
    const { result } = await applyChange(aChange());
    assert.equal(result?.outcome, 'failed');
    assert.deepEqual(result?.reason, {
      code: 'REAUTHORIZATION_REQUIRED',
      message: 'Sage: refresh token expired',
    });
  });

  test('when the matching record is already linked to another, the change is skipped with AMBIGUOUS_MATCH', async () => {
    const { syncer } = aSyncer([new LinkConflictError('sage')]);
    const { applyChange } = anApplyChange({ syncers: { 'organizations:vtiger': syncer } });
    const { result } = await applyChange(aChange());
    assert.equal(result?.outcome, 'skipped');
    assert.equal(result?.reason?.code, 'AMBIGUOUS_MATCH');
    assert.equal(result?.change, undefined, 'only failed results carry the change');
  });

  test('when the syncer throws a programmer error, it is rethrown rather than logged as data', async () => {
    const { syncer } = aSyncer([new TypeError('undefined is not a function')]);
    const { applyChange } = anApplyChange({ syncers: { 'organizations:vtiger': syncer } });
    await assert.rejects(applyChange(aChange()), TypeError);
  });
});

describe('applying a change: the result event', () => {
  test("when nothing changed (e.g. an echo of the bridge's own write), there is no result", async () => {
    const { syncer } = aSyncer([], { outcome: 'unchanged', vtigerId: '11x42' });
    const { applyChange } = anApplyChange({ syncers: { 'organizations:vtiger': syncer } });
    const { result, decision } = await applyChange(aChange());
    assert.equal(result, undefined);
    assert.equal(decision?.outcome, 'unchanged');
  });

  test('the result is a valid result event whose id is derived from the change', async () => {
    const { syncer } = aSyncer([], {
      outcome: 'updated',
      vtigerId: '11x42',
      sageId: 'abc123',
      recordLabel: 'Acme',
      changes: [{ field: 'city', from: 'London', to: 'Leeds' }],
      details: { note: 'x' },
    });
    const { applyChange } = anApplyChange({ syncers: { 'organizations:vtiger': syncer } });
    const change = aChange({ eventId: 'evt-42-xyzw', runId: 'run-1' });
    const { result } = await applyChange(change);
    assert.deepEqual(result, {
      schema: 'vsb.result.v1',
      eventId: 'evt-42-xyzw:result',
      tenantId: 'acme',
      occurredAt: new Date(T0).toISOString(),
      causationId: 'evt-42-xyzw',
      runId: 'run-1',
      module: 'organizations',
      direction: 'vtiger_to_sage',
      outcome: 'updated',
      vtigerId: '11x42',
      sageId: 'abc123',
      recordLabel: 'Acme',
      changes: [{ field: 'city', from: 'London', to: 'Leeds' }],
      details: { note: 'x' },
      detectedAt: change.detectedAt,
    });
    assert.equal(resultEventSchema.safeParse(result).success, true);
  });

  test('the same change applied twice gives results with the same event id', async () => {
    const { syncer } = aSyncer([]);
    const { applyChange } = anApplyChange({ syncers: { 'organizations:vtiger': syncer } });
    const first = await applyChange(aChange());
    const second = await applyChange(aChange());
    assert.equal(first.result?.eventId, second.result?.eventId);
  });

  test('an empty list of changes is left out of the result', async () => {
    const { syncer } = aSyncer([], { outcome: 'updated', vtigerId: '11x42', changes: [] });
    const { applyChange } = anApplyChange({ syncers: { 'organizations:vtiger': syncer } });
    const { result } = await applyChange(aChange());
    assert.equal(result && 'changes' in result, false);
  });

  test('a failed result with its change attached is a valid result event', async () => {
    const { syncer } = aSyncer([new PermanentUpstreamError('sage', 'nope')]);
    const { applyChange } = anApplyChange({ syncers: { 'organizations:vtiger': syncer } });
    const { result } = await applyChange(aChange());
    assert.equal(resultEventSchema.safeParse(result).success, true);
  });
});

/**
 * A unit test with a stubbed port: the connections repository is an in-memory object with the
 * same four methods (compare-and-set on tokenVersion, a refresh lock), and Sage's token endpoint
 * is a stub function.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { AuthorizationRevokedError, TransientUpstreamError } from '../../platform/src/errors.js';
import type { SageConnection, SageConnectionStatus, SageTokens } from './connections-repository.js';
import { createSageTokenProvider, type SageTokenProviderOptions } from './sage-token-provider.js';

const NOW = Date.parse('2025-03-01T12:00:00.000Z');
const MINUTE = 60_000;

function someTokens(name: string, expiresInMs: number): SageTokens {
  return {
    accessToken: `access-${name}`,
    accessTokenExpiresAt: new Date(NOW + expiresInMs),
    refreshToken: `refresh-${name}`,
    refreshTokenExpiresAt: new Date(NOW + 30 * 24 * 60 * MINUTE),
  };
}

/** The Sage connection of tenant "acme", held in memory. */
function aConnectionsRepository(tokens: SageTokens | undefined, status: SageConnectionStatus = 'connected') {
  const state = {
    connection: { tenantId: 'acme', status, tokens, tokenVersion: 1 } as SageConnection,
    lockedBy: undefined as string | undefined,
    lockAttempts: 0,
    marks: [] as SageConnectionStatus[],
    /** Called when tryLockRefresh refuses, to play another replica's part. */
    onLockRefused: () => undefined as void,
  };
  const repository: SageTokenProviderOptions['connections'] = {
    async findSage(tenantId) {
      return tenantId === 'acme'
        ? {
            ...state.connection,
            ...(state.connection.tokens ? { tokens: { ...state.connection.tokens } } : {}),
          }
        : null;
    },
    async tryLockRefresh(_tenantId, owner) {
      state.lockAttempts += 1;
      if (state.lockedBy !== undefined) {
        state.onLockRefused();
        return false;
      }
      state.lockedBy = owner;
      return true;
    },
    async releaseRefreshLock(_tenantId, owner) {
      if (state.lockedBy === owner) state.lockedBy = undefined;
    },
    async storeRotatedTokens(_tenantId, expectedVersion, fresh) {
      if (state.connection.tokenVersion !== expectedVersion) return false;
      state.connection = { ...state.connection, tokens: fresh, tokenVersion: expectedVersion + 1 };
      state.lockedBy = undefined;
      return true;
    },
    async markSage(_tenantId, newStatus) {
      state.marks.push(newStatus);
      state.lockedBy = undefined;
      state.connection = {
        ...state.connection,
        status: newStatus,
        ...(newStatus === 'connected' ? {} : { tokens: undefined }),
      };
    },
  };
  return { repository, state };
}

/** A stub of Sage's token endpoint answering `answer` and recording the refresh tokens it got. */
function aRefresh(answer: () => Promise<SageTokens>) {
  const used: string[] = [];
  return {
    used,
    refresh: async (refreshToken: string) => {
      used.push(refreshToken);
      return answer();
    },
  };
}

function aProvider(
  connections: SageTokenProviderOptions['connections'],
  refresh: (refreshToken: string) => Promise<SageTokens>,
) {
  const failures: Array<[string, string]> = [];
  const provider = createSageTokenProvider({
    connections,
    refresh,
    owner: 'replica-1',
    now: () => NOW,
    marginMs: 30_000,
    onRefreshFailure: (tenantId, reason) => failures.push([tenantId, reason]),
  });
  return { provider, failures };
}

describe('Sage access tokens', () => {
  test('a token valid beyond the margin is handed out without refreshing', async () => {
    const { repository } = aConnectionsRepository(someTokens('old', 10 * MINUTE));
    const sage = aRefresh(async () => someTokens('new', 60 * MINUTE));
    const { provider } = aProvider(repository, sage.refresh);
    assert.equal(await provider.getAccessToken('acme'), 'access-old');
    assert.deepEqual(sage.used, []);
  });

  test('a token within the margin of expiry is refreshed once even for 5 concurrent callers, and the new pair is stored', async () => {
    const { repository, state } = aConnectionsRepository(someTokens('old', 10_000));
    const sage = aRefresh(async () => someTokens('new', 60 * MINUTE));
    const { provider } = aProvider(repository, sage.refresh);
    const tokens = await Promise.all(Array.from({ length: 5 }, () => provider.getAccessToken('acme')));
    assert.deepEqual(tokens, Array(5).fill('access-new'));
    assert.deepEqual(sage.used, ['refresh-old']);
    assert.equal(state.lockAttempts, 1, 'one refresh in this process, so one attempt at the shared lock');
    assert.equal(state.connection.tokens?.refreshToken, 'refresh-new');
    assert.equal(state.connection.tokenVersion, 2);
    assert.equal(state.lockedBy, undefined, 'the refresh lock is released');
  });

  test('after a refresh, later callers get the stored token without refreshing again', async () => {
    const { repository } = aConnectionsRepository(someTokens('old', 10_000));
    const sage = aRefresh(async () => someTokens('new', 60 * MINUTE));
    const { provider } = aProvider(repository, sage.refresh);
    await provider.getAccessToken('acme');
    assert.equal(await provider.getAccessToken('acme'), 'access-new');
    assert.equal(sage.used.length, 1);
  });

  test('when Sage says the refresh token is dead, the connection is marked reauthorization_required and the error is rethrown', async () => {
    const { repository, state } = aConnectionsRepository(someTokens('old', 10_000));
    const revoked = new AuthorizationRevokedError('sage', 'invalid_grant');
    const { provider, failures } = aProvider(
      repository,
      aRefresh(async () => {
        throw revoked;
      }).refresh,
    );
    await assert.rejects(provider.getAccessToken('acme'), (err) => err === revoked);
    assert.deepEqual(state.marks, ['reauthorization_required']);
    assert.deepEqual(failures, [['acme', 'revoked']]);
  });

  test('once reauthorization is required, callers are refused without trying to refresh', async () => {
    const { repository } = aConnectionsRepository(someTokens('old', 10_000), 'reauthorization_required');
    const sage = aRefresh(async () => someTokens('new', 60 * MINUTE));
    const { provider } = aProvider(repository, sage.refresh);
    await assert.rejects(provider.getAccessToken('acme'), /needs to be authorised again/);
    assert.deepEqual(sage.used, []);
  });

  test('when the tenant has no Sage connection, callers are refused as not connected', async () => {
    const { repository } = aConnectionsRepository(undefined, 'disconnected');
    const { provider } = aProvider(repository, aRefresh(async () => someTokens('new', MINUTE)).refresh);
    await assert.rejects(provider.getAccessToken('acme'), AuthorizationRevokedError);
    await assert.rejects(provider.getAccessToken('globex'), /tenant globex is not connected to Sage/);
  });

  test('when the refresh fails for another reason, the connection is not marked and the error is rethrown', async () => {
    const { repository, state } = aConnectionsRepository(someTokens('old', 10_000));
    const { provider, failures } = aProvider(
      repository,
      aRefresh(async () => {
        throw new TransientUpstreamError('sage', 'token endpoint answered 503', 503);
      }).refresh,
    );
    await assert.rejects(provider.getAccessToken('acme'), TransientUpstreamError);
    assert.deepEqual(state.marks, []);
    assert.deepEqual(failures, [['acme', 'error']]);
    assert.equal(state.lockedBy, undefined, 'the refresh lock is given back for the next caller');
  });

  test('when another replica holds the lock and rotates the token, that token is used without refreshing here', async () => {
    const { repository, state } = aConnectionsRepository(someTokens('old', 10_000));
    state.lockedBy = 'replica-2';
    state.onLockRefused = () => {
      state.connection = { ...state.connection, tokens: someTokens('rotated', 60 * MINUTE), tokenVersion: 2 };
      state.lockedBy = undefined;
    };
    const sage = aRefresh(async () => someTokens('new', 60 * MINUTE));
    const { provider } = aProvider(repository, sage.refresh);
    assert.equal(await provider.getAccessToken('acme'), 'access-rotated');
    assert.deepEqual(sage.used, []);
  });

  test('a forced refresh after a rejected token is skipped when the stored token was already rotated', async () => {
    const { repository } = aConnectionsRepository(someTokens('rotated', 60 * MINUTE));
    const sage = aRefresh(async () => someTokens('new', 60 * MINUTE));
    const { provider } = aProvider(repository, sage.refresh);
    assert.equal(await provider.refreshAccessToken('acme', 'access-old'), 'access-rotated');
    assert.deepEqual(sage.used, []);
  });

  test('a forced refresh of the token still stored refreshes it even when it is not near expiry', async () => {
    const { repository } = aConnectionsRepository(someTokens('old', 60 * MINUTE));
    const sage = aRefresh(async () => someTokens('new', 60 * MINUTE));
    const { provider } = aProvider(repository, sage.refresh);
    assert.equal(await provider.refreshAccessToken('acme', 'access-old'), 'access-new');
    assert.deepEqual(sage.used, ['refresh-old']);
  });
});

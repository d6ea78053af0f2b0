import { AuthorizationRevokedError } from '../../platform/src/errors.js';
import { createReadCache } from '../../platform/src/read-cache.js';
import type { ConnectionsRepository, SageTokens } from './connections-repository.js';

export interface SageTokenProviderOptions {
  connections: Pick<
    ConnectionsRepository,
    'findSage' | 'tryLockRefresh' | 'releaseRefreshLock' | 'storeRotatedTokens' | 'markSage'
  >;
  /** Exchanges a refresh token for a new pair (Sage rotates the refresh token on every use). */
  refresh(refreshToken: string): Promise<SageTokens>;
  /** Identifies this process in the refresh lock. */
  owner: string;
  onRefreshFailure?(tenantId: string, reason: 'revoked' | 'error'): void;
  now?: () => number;
  /** Refresh this long before the access token expires. */
  marginMs?: number;
}

/**
 * Hands out a valid Sage access token per tenant. Refreshing is single-flight twice over: one
 * refresh per tenant in this process, and a lock in MongoDB across replicas, because Sage's
 * refresh tokens are single-use: two replicas refreshing at once would kill the connection.
 */
export function createSageTokenProvider(options: SageTokenProviderOptions) {
  const now = options.now ?? Date.now;
  const margin = options.marginMs ?? 30_000;
  const inflight = new Map<string, Promise<string>>();

  async function current(tenantId: string) {
    const connection = await options.connections.findSage(tenantId);
    if (!connection || connection.status === 'disconnected' || !connection.tokens) {
      throw new AuthorizationRevokedError('sage', `tenant ${tenantId} is not connected to Sage`);
    }
    if (connection.status === 'reauthorization_required') {
      throw new AuthorizationRevokedError(
        'sage',
        `the Sage connection of tenant ${tenantId} needs to be authorised again`,
      );
    }
    return connection as typeof connection & { tokens: SageTokens };
  }

  async function doRefresh(tenantId: string, staleAccessToken: string | undefined): Promise<string> {
    const deadline = now() + 20_000;
    while (now() < deadline) {
      const connection = await current(tenantId);
      const { tokens } = connection;
      // Another replica may have refreshed while we waited: use its token.
      if (tokens.accessToken !== staleAccessToken && tokens.accessTokenExpiresAt.getTime() - margin > now()) {
        return tokens.accessToken;
      }
      if (await options.connections.tryLockRefresh(tenantId, options.owner, 15_000)) {
        let fresh: SageTokens;
        try {
          fresh = await options.refresh(tokens.refreshToken);
        } catch (err) {
          if (err instanceof AuthorizationRevokedError) {
            await options.connections.markSage(tenantId, 'reauthorization_required');
            options.onRefreshFailure?.(tenantId, 'revoked');
          } else {
            await options.connections.releaseRefreshLock(tenantId, options.owner).catch(() => undefined);
            options.onRefreshFailure?.(tenantId, 'error');
          }
          throw err;
        }
        if (!(await options.connections.storeRotatedTokens(tenantId, connection.tokenVersion, fresh))) {
          // Cannot happen while we hold the lock unless it expired mid-refresh; the pair we got is
          // the newest Sage issued, so storing it is still right.
          await options.connections.storeRotatedTokens(
            tenantId,
            (await current(tenantId)).tokenVersion,
            fresh,
          );
        }
        return fresh.accessToken;
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`timed out waiting for another replica to refresh the Sage token of ${tenantId}`);
  }

  function refreshAccessToken(tenantId: string, staleAccessToken?: string): Promise<string> {
    let pending = inflight.get(tenantId);
    if (!pending) {
      pending = doRefresh(tenantId, staleAccessToken).finally(() => {
        inflight.delete(tenantId);
        recent.invalidate(tenantId);
      });
      inflight.set(tenantId, pending);
    }
    return pending;
  }

  // Every Sage request asks for a token: read the stored one at most once per few seconds (a
  // disconnect made in audit still takes effect within that time). Refreshing always reads fresh.
  const recent = createReadCache(current, 5_000, now);

  return {
    async getAccessToken(tenantId: string): Promise<string> {
      const { tokens } = await recent.get(tenantId);
      if (tokens.accessTokenExpiresAt.getTime() - margin > now()) return tokens.accessToken;
      return refreshAccessToken(tenantId, tokens.accessToken);
    },
    refreshAccessToken,
  };
}
export type SageTokenProvider = ReturnType<typeof createSageTokenProvider>;

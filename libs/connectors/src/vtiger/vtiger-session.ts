/**
 * Lazy getchallenge + login with a cached session. Logins are single-flighted: Vtiger keeps one
 * challenge token per user, so two parallel logins as one user make each other fail.
 */
import { createHash } from 'node:crypto';
import type { AxiosInstance } from 'axios';
import {
  CREDENTIAL_ERROR_CODES,
  apiError,
  revokedError,
  transportError,
  type VtigerApiErrorBody,
} from './vtiger-errors.js';

export interface VtigerSession {
  sessionName: string;
  userId: string;
}

type Envelope<T> = { success: true; result: T } | { success: false; error: VtigerApiErrorBody };

export interface SessionManager {
  current(): Promise<VtigerSession>;
  /** Forgets `stale` (if it is still the cached one) so the next current() logs in again. */
  invalidate(stale: VtigerSession): void;
}

export function createSessionManager(
  http: AxiosInstance,
  username: string,
  accessKey: string,
): SessionManager {
  let session: VtigerSession | undefined;
  let pending: Promise<VtigerSession> | undefined;

  async function call<T>(operation: string, send: () => Promise<{ data: unknown }>): Promise<Envelope<T>> {
    let data: unknown;
    try {
      data = (await send()).data;
    } catch (err) {
      throw transportError(operation, err);
    }
    if (!data || typeof data !== 'object' || !('success' in data))
      throw transportError(operation, new Error('not JSON'));
    return data as Envelope<T>;
  }

  async function attempt(): Promise<VtigerSession | VtigerApiErrorBody> {
    const challenge = await call<{ token: string }>('getchallenge', () =>
      http.get('/webservice.php', { params: { operation: 'getchallenge', username } }),
    );
    if (!challenge.success) return challenge.error;
    const key = createHash('md5')
      .update(challenge.result.token + accessKey)
      .digest('hex');
    const form = new URLSearchParams({ operation: 'login', username, accessKey: key });
    const login = await call<{ sessionName: string; userId: string }>('login', () =>
      http.post('/webservice.php', form.toString(), {
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      }),
    );
    if (!login.success) return login.error;
    return { sessionName: login.result.sessionName, userId: login.result.userId };
  }

  async function login(): Promise<VtigerSession> {
    let outcome = await attempt();
    // A credentials error may be a lost race with another process that asked for a challenge as the
    // same user; one fresh challenge tells that apart from a revoked key.
    if ('code' in outcome && CREDENTIAL_ERROR_CODES.has(String(outcome.code))) outcome = await attempt();
    if ('code' in outcome) {
      if (CREDENTIAL_ERROR_CODES.has(String(outcome.code)) || outcome.code === 'ACCESS_DENIED') {
        throw revokedError(String(outcome.code));
      }
      throw apiError('login', outcome);
    }
    return outcome;
  }

  return {
    current() {
      if (session) return Promise.resolve(session);
      pending ??= login()
        .then((s) => {
          session = s;
          return s;
        })
        .finally(() => {
          pending = undefined;
        });
      return pending;
    },
    invalidate(stale) {
      if (session === stale) session = undefined;
    },
  };
}

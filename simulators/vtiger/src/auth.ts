/**
 * Challenge/login and PHP-session semantics of webservice.php (AuthToken.php, SessionManager.php):
 * one live challenge token per user (300 s, reusable until it expires), md5(token + accessKey),
 * sessions with an idle and an absolute lifetime.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { SimUser } from './sim-state.js';
import { WsError } from './ws-errors.js';

export const TOKEN_TTL_MS = 300_000;
export const SESSION_IDLE_MS = 1_800_000;
export const SESSION_MAX_MS = 86_400_000;

interface Challenge {
  token: string;
  expiresMs: number;
}

interface Session {
  userId: number;
  createdMs: number;
  lastUsedMs: number;
}

export interface AuthService {
  challenge(userName: string): { token: string; serverTime: number; expireTime: number };
  login(userName: string, accessKeyHash: string): { user: SimUser; sessionName: string };
  /** Resolves a sessionName to its user or throws the server's session error. */
  session(sessionName: unknown): SimUser;
  reset(): void;
}

export function md5(text: string): string {
  return createHash('md5').update(text).digest('hex');
}

export function createAuthService(users: SimUser[], now: () => number): AuthService {
  const challenges = new Map<string, Challenge>();
  const sessions = new Map<string, Session>();

  return {
    challenge(userName) {
      if (!userName) throw new WsError('ACCESS_DENIED', 'No username given');
      if (!users.some((u) => u.userName === userName))
        throw new WsError('ACCESS_DENIED', 'username does not exists');
      const t = now();
      // uniqid(): 13 hex characters. A new challenge replaces the user's previous token.
      const token = randomBytes(7).toString('hex').slice(0, 13);
      challenges.set(userName, { token, expiresMs: t + TOKEN_TTL_MS });
      const serverTime = Math.floor(t / 1000);
      return { token, serverTime, expireTime: serverTime + TOKEN_TTL_MS / 1000 };
    },
    login(userName, accessKeyHash) {
      const challenge = challenges.get(userName);
      const user = users.find((u) => u.userName === userName);
      if (!user || !challenge || challenge.expiresMs <= now()) {
        throw new WsError('INVALID_AUTH_TOKEN', 'Specified token is invalid or expired');
      }
      if (!accessKeyHash) throw new WsError('ACCESSKEY_UNDEFINED', 'Access key for the user is undefined');
      if (md5(challenge.token + user.accessKey) !== accessKeyHash.toLowerCase()) {
        throw new WsError('INVALID_USER_CREDENTIALS', 'Invalid username or password');
      }
      const sessionName = randomBytes(11).toString('hex').slice(0, 21);
      sessions.set(sessionName, { userId: user.id, createdMs: now(), lastUsedMs: now() });
      return { user, sessionName };
    },
    session(sessionName) {
      const name = typeof sessionName === 'string' ? sessionName : '';
      if (!name || name.toLowerCase() === 'null')
        throw new WsError('AUTHENTICATION_REQUIRED', 'Authencation required');
      const s = sessions.get(name);
      const user = s && users.find((u) => u.id === s.userId);
      if (!s || !user) throw new WsError('INVALID_SESSIONID', 'Session Identifier provided is Invalid');
      const t = now();
      if (t - s.createdMs >= SESSION_MAX_MS) {
        sessions.delete(name);
        throw new WsError('SESSION_EXPIRED', 'Session life is over');
      }
      if (t - s.lastUsedMs >= SESSION_IDLE_MS) {
        sessions.delete(name);
        throw new WsError('SESSION_LEFT_IDLE', 'Session has been invalidated due to lack of activity');
      }
      s.lastUsedMs = t;
      return user;
    },
    reset() {
      challenges.clear();
      sessions.clear();
    },
  };
}

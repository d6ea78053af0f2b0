/**
 * Maps Vtiger answers to the platform's error policy (libs/platform/src/errors.ts). Messages carry
 * Vtiger's own wording but never the access key or the session name.
 */
import { isAxiosError } from 'axios';
import {
  AuthorizationRevokedError,
  PermanentUpstreamError,
  RateLimitedError,
  TransientUpstreamError,
} from '../../../platform/src/errors.js';

export interface VtigerApiErrorBody {
  code: string | number;
  message: string;
}

/** Codes that mean "this session is gone": log in again once and replay. */
export const SESSION_ERROR_CODES = new Set([
  'INVALID_SESSIONID',
  'SESSION_EXPIRED',
  'SESSION_LEFT_IDLE',
  'AUTHENTICATION_REQUIRED',
]);

/** Login failures that survive a fresh challenge mean the credentials are dead. */
export const CREDENTIAL_ERROR_CODES = new Set([
  'INVALID_USER_CREDENTIALS',
  'INVALID_AUTH_TOKEN',
  'ACCESSKEY_UNDEFINED',
]);

/** The code Vtiger's duplicate-prevention answers with: the integer 0 (observed). */
export const DUPLICATE_DETECTED = 'DUPLICATE_DETECTED';

const FIELD_PATTERNS = [
  /^(\S+) does not have a value$/,
  /^Invalid reference specified for (\S+)$/,
  /^Permission to access '\.(.+)\.' attribute denied\.$/,
];

export function fieldFromMessage(message: string): string | undefined {
  for (const p of FIELD_PATTERNS) {
    const m = p.exec(message);
    if (m) return m[1];
  }
  return undefined;
}

export function apiError(operation: string, body: VtigerApiErrorBody): PermanentUpstreamError {
  const code = body.code === 0 || body.code === '0' ? DUPLICATE_DETECTED : String(body.code);
  return new PermanentUpstreamError(
    'vtiger',
    `Vtiger ${operation} failed: ${body.message}`,
    200,
    code,
    fieldFromMessage(body.message),
  );
}

export function revokedError(reason: string): AuthorizationRevokedError {
  return new AuthorizationRevokedError('vtiger', `Vtiger rejected the stored credentials: ${reason}`);
}

function retryAfterMs(headers: Record<string, unknown>): number {
  const pick = (name: string) => {
    const v = headers[name] ?? headers[name.toLowerCase()];
    const n = Number(v);
    return v !== undefined && v !== '' && Number.isFinite(n) ? n : undefined;
  };
  const retryAfter = pick('retry-after');
  if (retryAfter !== undefined) return retryAfter * 1000;
  const minuteRemaining = pick('x-floodcontrol-remaining');
  const minuteReset = pick('x-floodcontrol-reset');
  if (minuteReset !== undefined && (minuteRemaining === undefined || minuteRemaining <= 0))
    return minuteReset * 1000;
  return 60_000;
}

/** Turns a transport-level failure (no answer, timeout, 5xx, 429) into the policy's error. */
export function transportError(operation: string, err: unknown): Error {
  if (isAxiosError(err)) {
    const status = err.response?.status;
    if (status === 429) {
      return new RateLimitedError(
        'vtiger',
        `Vtiger ${operation} was rate limited`,
        retryAfterMs((err.response?.headers ?? {}) as Record<string, unknown>),
      );
    }
    if (status !== undefined && status < 500) {
      const data = err.response?.data as { error?: VtigerApiErrorBody } | undefined;
      if (data?.error) return apiError(operation, data.error);
      return new PermanentUpstreamError('vtiger', `Vtiger ${operation} answered HTTP ${status}`, status);
    }
    const what = status
      ? `HTTP ${status}`
      : err.code === 'ECONNABORTED'
        ? 'a timeout'
        : (err.code ?? 'a network error');
    return new TransientUpstreamError('vtiger', `Vtiger ${operation} failed with ${what}`, status, {
      cause: err,
    });
  }
  return new TransientUpstreamError('vtiger', `Vtiger ${operation} failed`, undefined, { cause: err });
}

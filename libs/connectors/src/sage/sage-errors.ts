/**
 * Maps Sage answers to the platform's error policy (libs/platform/src/errors.ts). Messages carry
 * Sage's own `$message` wording, never tokens, client secrets or request bodies.
 */
import { isAxiosError } from 'axios';
import {
  AuthorizationRevokedError,
  PermanentUpstreamError,
  RateLimitedError,
  TransientUpstreamError,
} from '../../../platform/src/errors.js';
import type { SageErrorItem } from './sage-types.js';

/** Used when a 429 carries no Retry-After (Sage does not promise one). */
export const DEFAULT_RETRY_AFTER_MS = 5_000;

export function retryAfterMs(value: unknown, now = Date.now()): number {
  if (typeof value !== 'string' || value === '') return DEFAULT_RETRY_AFTER_MS;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? DEFAULT_RETRY_AFTER_MS : Math.max(0, date - now);
}

function firstError(body: unknown): SageErrorItem | undefined {
  const items = Array.isArray(body) ? body : undefined;
  const item: unknown = items?.[0];
  return item && typeof item === 'object' ? (item as SageErrorItem) : undefined;
}

function describe(body: unknown): string | undefined {
  if (!Array.isArray(body)) return undefined;
  const messages = (body as SageErrorItem[])
    .map((i) => (i.$source ? `${i.$source}: ${i.$message ?? ''}` : (i.$message ?? '')))
    .filter((m) => m);
  return messages.length > 0 ? messages.join('; ') : undefined;
}

/** Turns any failure of one Sage API call into the policy's error class. */
export function sageError(operation: string, err: unknown): Error {
  if (!isAxiosError(err)) return err instanceof Error ? err : new Error(String(err));
  const status = err.response?.status;
  if (status === undefined) {
    // No answer: timeout, refused or reset connection. Name the cause, not the request.
    return new TransientUpstreamError(
      'sage',
      `Sage ${operation} got no answer (${err.code ?? 'network error'})`,
      undefined,
      {
        cause: err.code,
      },
    );
  }
  const body: unknown = err.response?.data;
  const detail = describe(body);
  if (status === 429) {
    return new RateLimitedError(
      'sage',
      `Sage ${operation} was rate limited${detail ? `: ${detail}` : ''}`,
      retryAfterMs(err.response?.headers?.['retry-after']),
    );
  }
  if (status >= 500) {
    return new TransientUpstreamError(
      'sage',
      `Sage ${operation} failed with HTTP ${status}${detail ? `: ${detail}` : ''}`,
      status,
    );
  }
  if (status === 401) {
    return new AuthorizationRevokedError(
      'sage',
      `Sage ${operation} was refused after a token refresh (HTTP 401${detail ? `: ${detail}` : ''})`,
    );
  }
  const first = firstError(body);
  return new PermanentUpstreamError(
    'sage',
    detail ?? `Sage ${operation} failed with HTTP ${status}`,
    status,
    first?.$dataCode,
    first?.$source || undefined,
  );
}

export function isSageNotFound(err: unknown): boolean {
  return err instanceof PermanentUpstreamError && err.upstream === 'sage' && err.status === 404;
}

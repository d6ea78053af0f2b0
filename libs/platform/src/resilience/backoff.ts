import { RateLimitedError, TransientUpstreamError } from '../errors.js';
import { BreakerOpenError } from './breakers.js';

/** Whether waiting and trying again can help. */
export function isRetryable(err: unknown): boolean {
  return (
    err instanceof TransientUpstreamError ||
    err instanceof RateLimitedError ||
    err instanceof BreakerOpenError
  );
}

/**
 * How long to wait before attempt `attempt` (1-based): the upstream's own hint when it gave one
 * (Retry-After, an open breaker's reset), else exponential backoff with full jitter.
 */
export function retryDelayMs(
  err: unknown,
  attempt: number,
  baseMs = 200,
  capMs = 30_000,
  random = Math.random,
): number {
  if (err instanceof RateLimitedError) return Math.min(err.retryAfterMs, capMs * 4);
  if (err instanceof BreakerOpenError) return err.retryAfterMs;
  const ceiling = Math.min(capMs, baseMs * 2 ** Math.min(attempt - 1, 20));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

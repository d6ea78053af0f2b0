import CircuitBreaker from 'opossum';
import { RateLimitedError, TransientUpstreamError, type Upstream } from '../errors.js';

export class BreakerOpenError extends Error {
  constructor(
    readonly tenantId: string,
    readonly upstream: Upstream,
    readonly retryAfterMs: number,
  ) {
    super(`the ${upstream} circuit of tenant ${tenantId} is open after repeated failures`);
  }
}

export type BreakerState = 'closed' | 'half_open' | 'open';

export interface BreakerOptions {
  /** Failure percentage over the rolling window that opens the circuit. */
  errorThresholdPercentage?: number;
  /** Calls in the window before the percentage counts. */
  volumeThreshold?: number;
  /** How long the circuit stays open before one trial call. */
  resetTimeoutMs?: number;
  onStateChange?(tenantId: string, upstream: Upstream, state: BreakerState): void;
}

/**
 * One opossum breaker per tenant and upstream, so one tenant's dead Sage connection never trips
 * another's. Only unavailability counts as failure (timeouts, 5xx, 429): a validation error says
 * nothing about the upstream's health.
 */
export function createBreakers(options: BreakerOptions = {}) {
  const breakers = new Map<string, CircuitBreaker<[() => Promise<unknown>], unknown>>();
  const resetTimeout = options.resetTimeoutMs ?? 10_000;

  function breakerFor(tenantId: string, upstream: Upstream) {
    const key = `${tenantId}|${upstream}`;
    let breaker = breakers.get(key);
    if (!breaker) {
      breaker = new CircuitBreaker((thunk: () => Promise<unknown>) => thunk(), {
        timeout: false, // the clients have their own timeouts
        errorThresholdPercentage: options.errorThresholdPercentage ?? 50,
        volumeThreshold: options.volumeThreshold ?? 5,
        resetTimeout,
        rollingCountTimeout: 30_000,
        rollingCountBuckets: 10,
        errorFilter: (err: unknown) =>
          !(err instanceof TransientUpstreamError || err instanceof RateLimitedError),
      });
      breaker.on('open', () => options.onStateChange?.(tenantId, upstream, 'open'));
      breaker.on('halfOpen', () => options.onStateChange?.(tenantId, upstream, 'half_open'));
      breaker.on('close', () => options.onStateChange?.(tenantId, upstream, 'closed'));
      breakers.set(key, breaker);
    }
    return breaker;
  }

  return {
    async call<T>(tenantId: string, upstream: Upstream, thunk: () => Promise<T>): Promise<T> {
      const breaker = breakerFor(tenantId, upstream);
      try {
        return (await breaker.fire(thunk)) as T;
      } catch (err) {
        if ((err as { code?: string }).code === 'EOPENBREAKER')
          throw new BreakerOpenError(tenantId, upstream, resetTimeout);
        throw err;
      }
    },
    state(tenantId: string, upstream: Upstream): BreakerState {
      const breaker = breakers.get(`${tenantId}|${upstream}`);
      if (!breaker) return 'closed';
      return breaker.opened ? 'open' : breaker.halfOpen ? 'half_open' : 'closed';
    },
    shutdown() {
      for (const breaker of breakers.values()) breaker.shutdown();
      breakers.clear();
    },
  };
}
export type Breakers = ReturnType<typeof createBreakers>;

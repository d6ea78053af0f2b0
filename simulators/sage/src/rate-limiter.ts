/**
 * Sage's documented limits are per app: 1,296,000 calls a day and 150 concurrent calls. The
 * simulator adds an optional per-second rate so tests and benchmarks can reach the limit quickly.
 */
export interface RateLimitOptions {
  perSecond?: number;
  perDay?: number;
  concurrency?: number;
}

export const SAGE_DAILY_LIMIT = 1_296_000;
export const SAGE_CONCURRENCY_LIMIT = 150;

export type Admission =
  { ok: true; release: () => void } | { ok: false; retryAfterSeconds: number; reason: string };

interface AppUsage {
  recent: number[];
  day: number;
  dayCount: number;
  inFlight: number;
}

export interface RateLimiter {
  admit(app: string): Admission;
  configure(options: RateLimitOptions): void;
  options(): Required<RateLimitOptions>;
  reset(): void;
}

export function createRateLimiter(initial: RateLimitOptions, now: () => number): RateLimiter {
  let options = normalise(initial);
  let usage = new Map<string, AppUsage>();

  function normalise(o: RateLimitOptions): Required<RateLimitOptions> {
    return {
      perSecond: o.perSecond ?? Number.POSITIVE_INFINITY,
      perDay: o.perDay ?? SAGE_DAILY_LIMIT,
      concurrency: o.concurrency ?? SAGE_CONCURRENCY_LIMIT,
    };
  }

  return {
    admit(app) {
      const t = now();
      const day = Math.floor(t / 86_400_000);
      const u = usage.get(app) ?? { recent: [], day, dayCount: 0, inFlight: 0 };
      usage.set(app, u);
      if (u.day !== day) Object.assign(u, { day, dayCount: 0 });
      while (u.recent.length > 0 && u.recent[0]! <= t - 1000) u.recent.shift();

      if (u.inFlight >= options.concurrency)
        return { ok: false, retryAfterSeconds: 1, reason: 'concurrent requests' };
      if (u.dayCount >= options.perDay) {
        return {
          ok: false,
          retryAfterSeconds: Math.ceil(((day + 1) * 86_400_000 - t) / 1000),
          reason: 'daily requests',
        };
      }
      if (u.recent.length >= options.perSecond) {
        const waitMs = u.recent[0]! + 1000 - t;
        return {
          ok: false,
          retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)),
          reason: 'requests per second',
        };
      }
      u.recent.push(t);
      u.dayCount += 1;
      u.inFlight += 1;
      let released = false;
      return {
        ok: true,
        release: () => {
          if (released) return;
          released = true;
          u.inFlight -= 1;
        },
      };
    },
    configure(next) {
      options = normalise({ ...options, ...next });
    },
    options: () => ({ ...options }),
    reset() {
      usage = new Map();
    },
  };
}

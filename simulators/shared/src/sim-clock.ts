/**
 * The simulators' notion of "now". Tests move it forward (POST /__sim/clock) to expire tokens,
 * sessions and authorization codes without waiting for real time to pass.
 */
export interface SimClock {
  now(): number;
  advance(ms: number): void;
  reset(): void;
}

export function createSimClock(): SimClock {
  let offsetMs = 0;
  return {
    now: () => Date.now() + offsetMs,
    advance: (ms) => {
      offsetMs += ms;
    },
    reset: () => {
      offsetMs = 0;
    },
  };
}

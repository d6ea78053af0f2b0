/**
 * Counts calls per operation and answered status, the shape DESIGN.md fixes for GET /__sim/stats:
 * `{"calls": {"<key>": {"<status>": count}}}`. Benchmarks derive API economy from these counts.
 */
export interface CallStats {
  record(key: string, status: number | 'dropped'): void;
  snapshot(): { calls: Record<string, Record<string, number>> };
  reset(): void;
}

export function createCallStats(): CallStats {
  let calls: Record<string, Record<string, number>> = {};
  return {
    record(key, status) {
      const byStatus = (calls[key] ??= {});
      byStatus[String(status)] = (byStatus[String(status)] ?? 0) + 1;
    },
    snapshot: () => ({ calls: structuredClone(calls) }),
    reset() {
      calls = {};
    },
  };
}

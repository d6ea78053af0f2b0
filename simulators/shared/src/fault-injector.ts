import { z } from 'zod';

/**
 * Injected faults for POST /__sim/faults. A rule matches on method, path (exact template or a
 * literal path prefix) and operation; it fires a given number of times, at a rate, or for a time
 * window. A fired rule adds latency, drops the connection, or answers a status instead of the API.
 */
export const faultRuleSchema = z
  .object({
    match: z
      .object({
        method: z.string().optional(),
        path: z.string().optional(),
        operation: z.string().optional(),
      })
      .default({}),
    status: z.number().int().min(100).max(599).optional(),
    body: z.unknown().optional(),
    headers: z.record(z.string(), z.string()).optional(),
    latencyMs: z.number().int().min(0).max(120_000).optional(),
    drop: z.boolean().optional(),
    times: z.number().int().min(1).optional(),
    rate: z.number().min(0).max(1).optional(),
    forMs: z.number().int().min(1).optional(),
  })
  .refine((r) => r.status !== undefined || r.latencyMs !== undefined || r.drop === true, {
    message: 'a fault needs at least one of status, latencyMs or drop',
  });

export type FaultRule = z.infer<typeof faultRuleSchema>;

export interface RequestFacts {
  method: string;
  /** The concrete request path, e.g. /v3.1/contacts/abc. */
  path: string;
  /** The path template, e.g. /v3.1/contacts/{id}; matched as well as the concrete path. */
  template?: string;
  /** The API operation, e.g. Vtiger's "create". */
  operation?: string;
}

export interface FiredFault {
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
  latencyMs?: number;
  drop?: boolean;
}

interface ActiveRule {
  rule: FaultRule;
  remaining: number;
  until: number;
}

export interface FaultInjector {
  add(rule: FaultRule): void;
  clear(): void;
  list(): FaultRule[];
  /** Decides whether a fault fires for this request; consumes one use of the rule if so. */
  fire(facts: RequestFacts): FiredFault | undefined;
}

export function createFaultInjector(now: () => number, random: () => number = Math.random): FaultInjector {
  let rules: ActiveRule[] = [];

  function matches(rule: FaultRule, facts: RequestFacts): boolean {
    const m = rule.match;
    if (m.method && m.method.toUpperCase() !== facts.method.toUpperCase()) return false;
    if (m.operation && m.operation !== facts.operation) return false;
    if (m.path && m.path !== facts.template && !facts.path.startsWith(m.path)) return false;
    return true;
  }

  return {
    add(rule) {
      rules.push({
        rule,
        remaining: rule.times ?? Number.POSITIVE_INFINITY,
        until: rule.forMs ? now() + rule.forMs : Number.POSITIVE_INFINITY,
      });
    },
    clear() {
      rules = [];
    },
    list: () => rules.map((r) => r.rule),
    fire(facts) {
      const t = now();
      rules = rules.filter((r) => r.remaining > 0 && r.until > t);
      for (const active of rules) {
        if (!matches(active.rule, facts)) continue;
        if (active.rule.rate !== undefined && random() >= active.rule.rate) continue;
        active.remaining -= 1;
        const { status, body, headers, latencyMs, drop } = active.rule;
        return { status, body, headers, latencyMs, drop };
      }
      return undefined;
    },
  };
}

import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

export function createSyncMetrics(registry: Registry) {
  return {
    outcomes: new Counter({
      name: 'vsb_sync_outcomes_total',
      help: 'Sync decisions by tenant, module, direction and outcome (unchanged = no write needed)',
      labelNames: ['tenant', 'module', 'direction', 'outcome'] as const,
      registers: [registry],
    }),
    propagation: new Histogram({
      name: 'vsb_propagation_latency_seconds',
      help: 'Time from change detected to written on the other side',
      labelNames: ['module', 'direction'] as const,
      buckets: [0.05, 0.1, 0.25, 0.5, 0.75, 1, 1.5, 2, 5, 10, 30, 60, 300],
      registers: [registry],
    }),
    upstreamCalls: new Counter({
      name: 'vsb_upstream_requests_total',
      help: 'Calls to Vtiger and Sage by answered status ("network" when none came back)',
      labelNames: ['upstream', 'status'] as const,
      registers: [registry],
    }),
    breakerState: new Gauge({
      name: 'vsb_breaker_state',
      help: 'Circuit breaker state per tenant and upstream: 0 closed, 0.5 half-open, 1 open',
      labelNames: ['tenant', 'upstream'] as const,
      registers: [registry],
    }),
    eventsConsumed: new Counter({
      name: 'vsb_events_consumed_total',
      help: 'Events consumed, by topic',
      labelNames: ['topic'] as const,
      registers: [registry],
    }),
    eventsPublished: new Counter({
      name: 'vsb_events_published_total',
      help: 'Events acknowledged by Kafka, by topic',
      labelNames: ['topic'] as const,
      registers: [registry],
    }),
    retries: new Counter({
      name: 'vsb_sync_retries_total',
      help: 'Retries of a change after a transient upstream failure',
      labelNames: ['upstream'] as const,
      registers: [registry],
    }),
    tokenRefreshFailures: new Counter({
      name: 'vsb_token_refresh_failures_total',
      help: 'Sage token refreshes that failed, by reason',
      labelNames: ['tenant', 'reason'] as const,
      registers: [registry],
    }),
  };
}
export type SyncMetrics = ReturnType<typeof createSyncMetrics>;

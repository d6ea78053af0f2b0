import { Counter, Histogram, type Registry } from 'prom-client';

export function createIngestMetrics(registry: Registry) {
  return {
    webhooks: new Counter({
      name: 'vsb_webhooks_total',
      help: 'Vtiger webhooks received, by tenant (unknown tenants counted as "unknown") and outcome',
      labelNames: ['tenant', 'outcome'] as const,
      registers: [registry],
    }),
    eventsPublished: new Counter({
      name: 'vsb_events_published_total',
      help: 'Events acknowledged by Kafka, by topic',
      labelNames: ['topic'] as const,
      registers: [registry],
    }),
    publishDuration: new Histogram({
      name: 'vsb_kafka_publish_duration_seconds',
      help: 'Time until Kafka acknowledged a publish (acks = all)',
      buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5],
      registers: [registry],
    }),
  };
}
export type IngestMetrics = ReturnType<typeof createIngestMetrics>;

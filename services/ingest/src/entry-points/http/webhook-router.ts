import express, { type Request } from 'express';
import { randomUUID } from 'node:crypto';
import { recordKey } from '../../../../../libs/contracts/src/events.js';
import { ProblemError } from '../../../../../libs/platform/src/http/problem.js';
import { KafkaUnavailableError, type Publisher } from '../../../../../libs/platform/src/kafka/publisher.js';
import type { Logger } from '../../../../../libs/platform/src/logger.js';
import { webhookSecretMatches, type TenantCache } from '../../../../../libs/state/src/tenants-repository.js';
import { changeFromWebhook } from '../../domain/webhook-change.js';
import type { IngestMetrics } from '../../metrics.js';

const ACCEPTED_TYPES = ['application/json', 'application/*+json', 'application/x-www-form-urlencoded'];
const TENANT_ID = /^[a-z0-9][a-z0-9-]{0,62}$/;

export interface WebhookRouterDeps {
  tenants: TenantCache;
  publisher: Publisher;
  changesTopic: string;
  metrics: IngestMetrics;
  logger: Logger;
  isDraining(): boolean;
}

function secretOf(req: Request): string | undefined {
  const header = req.get('x-bridge-secret');
  if (header) return header;
  return typeof req.query.secret === 'string' ? req.query.secret : undefined;
}

/**
 * POST /v1/webhooks/vtiger/{tenantId}: answers 202 only once Kafka holds the change event, so an
 * acknowledged webhook is never lost; every refusal changes nothing.
 */
export function createWebhookRouter(deps: WebhookRouterDeps): express.Router {
  const router = express.Router();
  const route = '/v1/webhooks/vtiger/:tenantId';

  router.post(
    route,
    (req, _res, next) => {
      if (deps.isDraining()) {
        throw new ProblemError('NOT_READY', 'the bridge is shutting down; retry shortly', {
          headers: { 'Retry-After': '5' },
        });
      }
      if (!req.is(ACCEPTED_TYPES)) {
        deps.metrics.webhooks.inc({ tenant: 'unknown', outcome: 'unsupported_media_type' });
        throw new ProblemError(
          'UNSUPPORTED_MEDIA_TYPE',
          `Content-Type must be application/json or application/x-www-form-urlencoded, not ${req.get('content-type') ?? 'missing'}`,
        );
      }
      next();
    },
    express.json({ limit: '1mb', type: ['application/json', 'application/*+json'], strict: false }),
    express.urlencoded({ limit: '1mb', extended: false, parameterLimit: 5000 }),
    async (req, res) => {
      const tenantId = String(req.params.tenantId);
      const tenant = TENANT_ID.test(tenantId) ? await deps.tenants.get(tenantId) : null;
      if (!tenant) {
        deps.metrics.webhooks.inc({ tenant: 'unknown', outcome: 'unknown_tenant' });
        throw new ProblemError('TENANT_NOT_FOUND', `no tenant "${tenantId}"`);
      }
      const secret = secretOf(req);
      if (!secret || !webhookSecretMatches(secret, tenant.webhookSecretHash)) {
        deps.metrics.webhooks.inc({ tenant: tenantId, outcome: 'unauthorized' });
        throw new ProblemError(
          'INVALID_SECRET',
          secret
            ? 'the webhook secret is wrong'
            : 'the webhook secret is missing (header X-Bridge-Secret or query parameter secret)',
        );
      }
      const decision = changeFromWebhook(tenantId, req.body, { eventId: randomUUID(), now: new Date() });
      if (!decision.ok) {
        deps.metrics.webhooks.inc({ tenant: tenantId, outcome: 'invalid' });
        throw new ProblemError('VALIDATION_FAILED', decision.message, { field: decision.field });
      }
      const { event } = decision;
      const stopTimer = deps.metrics.publishDuration.startTimer();
      try {
        await deps.publisher.publish(deps.changesTopic, [
          { key: recordKey(tenantId, event.module, 'vtiger', event.recordId), value: event },
        ]);
      } catch (err) {
        if (err instanceof KafkaUnavailableError) {
          deps.metrics.webhooks.inc({ tenant: tenantId, outcome: 'kafka_unavailable' });
          deps.logger.warn({ tenantId, err: err.message }, 'webhook refused: Kafka unavailable');
          throw new ProblemError(
            'KAFKA_UNAVAILABLE',
            'the event could not be stored; retry later (the sweep will also catch the change)',
            {
              headers: { 'Retry-After': '5' },
            },
          );
        }
        throw err;
      }
      stopTimer();
      deps.metrics.eventsPublished.inc({ topic: deps.changesTopic });
      deps.metrics.webhooks.inc({ tenant: tenantId, outcome: 'accepted' });
      res.status(202).json({ eventId: event.eventId });
    },
  );
  return router;
}

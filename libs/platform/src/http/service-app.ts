import express, { type Express } from 'express';
import type { Registry } from 'prom-client';
import type { Logger } from '../logger.js';
import { httpMetricsMiddleware } from '../metrics.js';
import { createHealthRouter, type ReadinessCheck } from './health-router.js';
import { notFoundHandler, problemMiddleware } from './problem.js';

/**
 * The HTTP shell every service shares: request metrics, /healthz, /readyz (the given dependency
 * checks, failing while draining), /metrics, then the service's own routes, then problem+json for
 * unknown routes and errors.
 */
export function createServiceApp(options: {
  registry: Registry;
  readiness: Record<string, ReadinessCheck>;
  isDraining(): boolean;
  logger: Logger;
  routes?(app: Express): void;
}): Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(httpMetricsMiddleware(options.registry));
  app.use(createHealthRouter(options.registry, options.readiness, options.isDraining));
  options.routes?.(app);
  app.use(notFoundHandler);
  app.use(problemMiddleware(options.logger));
  return app;
}

/** Readiness of a service that consumes and produces: both clients must be up. */
export function kafkaClientsReady(
  consumer: { isRunning(): boolean },
  publisher: { isConnected(): boolean },
): ReadinessCheck {
  return async () => {
    if (!consumer.isRunning() || !publisher.isConnected())
      throw new Error('consumer or producer not running');
  };
}

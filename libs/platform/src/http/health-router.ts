import express from 'express';
import type { Registry } from 'prom-client';

export type ReadinessCheck = () => Promise<void>;

/**
 * /healthz says the process is alive; /readyz runs each dependency check (Kafka, MongoDB, ...)
 * and answers 503 naming the ones that fail; /metrics serves the Prometheus registry.
 */
export function createHealthRouter(
  registry: Registry,
  checks: Record<string, ReadinessCheck>,
  isDraining: () => boolean,
) {
  const router = express.Router();
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/readyz', async (_req, res) => {
    if (isDraining()) {
      res.status(503).json({ status: 'draining' });
      return;
    }
    const results = await Promise.all(
      Object.entries(checks).map(async ([name, check]) => {
        try {
          await withTimeout(check(), 2000);
          return [name, 'ok'] as const;
        } catch (err) {
          return [name, (err as Error).message || 'failed'] as const;
        }
      }),
    );
    const failing = results.filter(([, r]) => r !== 'ok');
    res
      .status(failing.length ? 503 : 200)
      .json({ status: failing.length ? 'not ready' : 'ready', checks: Object.fromEntries(results) });
  });
  router.get('/metrics', async (_req, res) => {
    res.type(registry.contentType).send(await registry.metrics());
  });
  return router;
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
    promise.then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      (e: unknown) => {
        clearTimeout(timer);
        reject(e instanceof Error ? e : new Error(String(e)));
      },
    );
  });
}

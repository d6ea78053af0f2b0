import express, { type Request, type Response } from 'express';
import type { CallStats } from './call-stats.js';
import { faultRuleSchema, type FaultInjector, type FiredFault, type RequestFacts } from './fault-injector.js';
import type { SimClock } from './sim-clock.js';

export interface SimControls {
  clock: SimClock;
  stats: CallStats;
  faults: FaultInjector;
}

/**
 * The /__sim control surface shared by both simulators. Each simulator adds its own extra routes
 * (workflow, seed) to the returned router.
 */
export function createControlRouter(controls: SimControls, onReset: () => void): express.Router {
  const router = express.Router();
  router.use(express.json({ limit: '50mb' }));

  router.post('/reset', (_req, res) => {
    controls.stats.reset();
    controls.faults.clear();
    controls.clock.reset();
    onReset();
    res.status(204).end();
  });
  router.get('/stats', (_req, res) => {
    res.json(controls.stats.snapshot());
  });
  router.post('/faults', (req, res) => {
    const rules = Array.isArray(req.body) ? req.body : [req.body];
    const parsed = rules.map((r) => faultRuleSchema.safeParse(r));
    const bad = parsed.find((p) => !p.success);
    if (bad && !bad.success) {
      res.status(400).json({ error: 'invalid fault rule', issues: bad.error.issues });
      return;
    }
    for (const p of parsed) if (p.success) controls.faults.add(p.data);
    res.status(201).json({ faults: controls.faults.list() });
  });
  router.get('/faults', (_req, res) => {
    res.json({ faults: controls.faults.list() });
  });
  router.delete('/faults', (_req, res) => {
    controls.faults.clear();
    res.status(204).end();
  });
  router.get('/clock', (_req, res) => {
    res.json({ now: new Date(controls.clock.now()).toISOString() });
  });
  router.post('/clock', (req, res) => {
    const advanceMs = Number((req.body as { advanceMs?: unknown })?.advanceMs);
    if (!Number.isFinite(advanceMs) || advanceMs < 0) {
      res.status(400).json({ error: 'body must be {"advanceMs": <non-negative number>}' });
      return;
    }
    controls.clock.advance(advanceMs);
    res.json({ now: new Date(controls.clock.now()).toISOString() });
  });
  return router;
}

/**
 * Counts the request under `key` once the response is finished. A simulator calls this as soon
 * as it knows the operation; a dropped connection is counted under status "dropped" by applyFault.
 */
export function countCall(stats: CallStats, res: Response, key: string): void {
  res.on('finish', () => stats.record(key, res.statusCode));
}

/**
 * Applies an injected fault, if one fires. Returns true when the fault answered (or dropped) the
 * request, so the simulator must not answer it again.
 */
export async function applyFault(
  controls: SimControls,
  req: Request,
  res: Response,
  facts: RequestFacts,
  statsKey: string,
  render: (fault: FiredFault) => unknown = (f) => f.body ?? { error: 'injected fault', status: f.status },
): Promise<boolean> {
  const fault = controls.faults.fire(facts);
  if (!fault) return false;
  if (fault.latencyMs) await new Promise((r) => setTimeout(r, fault.latencyMs));
  if (fault.drop) {
    controls.stats.record(statsKey, 'dropped');
    req.socket.destroy();
    return true;
  }
  if (fault.status === undefined) return false; // latency only: the API answers normally
  if (fault.headers) res.set(fault.headers);
  res.status(fault.status).json(render(fault));
  return true;
}

/**
 * The Vtiger CRM simulator: open-source 8.2.0 /webservice.php, Cloud REST v1, and the /__sim control
 * surface (reset, stats, faults, clock, workflow, UI saves, bulk seed).
 */
import express from 'express';
import { z } from 'zod';
import { createCallStats } from '../../shared/src/call-stats.js';
import { createControlRouter, type SimControls } from '../../shared/src/control-router.js';
import { createFaultInjector } from '../../shared/src/fault-injector.js';
import { createSimClock, type SimClock } from '../../shared/src/sim-clock.js';
import { createAuthService } from './auth.js';
import { createEngine, type Engine } from './engine.js';
import { createRestRouter, DEFAULT_REST_LIMITS, type RestLimiter, type RestLimits } from './rest-router.js';
import { listenSimulator } from '../../shared/src/listen.js';
import { DEFAULT_USERS, type CurrencyRow, type UserOption } from './sim-state.js';
import { createWebserviceRouter } from './webservice-router.js';
import { WsError } from './ws-errors.js';

export interface VtigerSimulatorOptions {
  users?: UserOption[];
  clock?: SimClock;
  /** Overrides the clock's source of real time (the clock still honours POST /__sim/clock). */
  now?: () => number;
  currencies?: CurrencyRow[];
  restLimits?: Partial<RestLimits>;
}

export interface VtigerSimulator {
  app: express.Express;
  controls: SimControls;
  engine: Engine;
  rest: RestLimiter;
}

const workflowSchema = z.object({
  url: z.url(),
  secret: z.string().min(1),
  style: z.enum(['custom-function', 'cloud']).default('custom-function'),
});
const uiSaveSchema = z.object({
  module: z.string(),
  id: z.string().optional(),
  fields: z.record(z.string(), z.unknown()).default({}),
});
const seedSchema = z.object({
  module: z.string(),
  count: z.number().int().min(1).max(200_000),
  template: z.record(z.string(), z.unknown()).default({}),
});

function clockFrom(now: () => number): SimClock {
  let offset = 0;
  return {
    now: () => now() + offset,
    advance: (ms) => {
      offset += ms;
    },
    reset: () => {
      offset = 0;
    },
  };
}

export function createVtigerSimulator(options: VtigerSimulatorOptions = {}): VtigerSimulator {
  const clock = options.clock ?? (options.now ? clockFrom(options.now) : createSimClock());
  const controls: SimControls = {
    clock,
    stats: createCallStats(),
    faults: createFaultInjector(() => clock.now()),
  };
  const engine = createEngine({
    users: options.users ?? DEFAULT_USERS,
    currencies: options.currencies,
    controls,
  });
  const auth = createAuthService(engine.state.users, () => clock.now());
  const { router: restRouter, limiter } = createRestRouter(controls, engine, {
    ...DEFAULT_REST_LIMITS,
    ...options.restLimits,
  });

  const control = createControlRouter(controls, () => {
    engine.reset();
    auth.reset();
    limiter.reset();
  });
  control.post('/workflow', (req, res) => {
    const parsed = workflowSchema.safeParse(req.body);
    if (!parsed.success) {
      res.status(400).json({ error: 'body must be {url, secret, style?}', issues: parsed.error.issues });
      return;
    }
    engine.workflow = parsed.data;
    res.status(201).json({ workflow: { url: parsed.data.url, style: parsed.data.style } });
  });
  control.delete('/workflow', (_req, res) => {
    engine.workflow = null;
    res.status(204).end();
  });
  control.post('/ui/save', async (req, res) => {
    const parsed = uiSaveSchema.safeParse(req.body);
    if (!parsed.success) {
      res.status(400).json({ error: 'body must be {module, id?, fields}', issues: parsed.error.issues });
      return;
    }
    const { module, id, fields } = parsed.data;
    const admin = { userId: engine.state.users[0]?.id ?? 1 };
    try {
      const record = id
        ? await engine.revise({ ...fields, id }, admin)
        : await engine.create(module, { assigned_user_id: `19x${admin.userId}`, ...fields }, admin, 'CRM');
      res.status(id ? 200 : 201).json(record);
    } catch (err) {
      if (!(err instanceof WsError)) throw err;
      res.status(422).json({ success: false, error: { code: err.code, message: err.message } });
    }
  });
  control.post('/seed', (req, res) => {
    const parsed = seedSchema.safeParse(req.body);
    if (!parsed.success) {
      res.status(400).json({ error: 'body must be {module, count, template?}', issues: parsed.error.issues });
      return;
    }
    try {
      res.status(201).json({ ids: engine.seed(parsed.data.module, parsed.data.count, parsed.data.template) });
    } catch (err) {
      if (!(err instanceof WsError)) throw err;
      res.status(422).json({ success: false, error: { code: err.code, message: err.message } });
    }
  });

  const app = express();
  app.disable('x-powered-by');
  app.use('/__sim', control);
  app.use(createWebserviceRouter(controls, engine, auth));
  app.use(restRouter);
  return { app, controls, engine, rest: limiter };
}

export interface RunningVtigerSimulator {
  url: string;
  port: number;
  simulator: VtigerSimulator;
  close(): Promise<void>;
}

export async function startVtigerSimulator(
  options: VtigerSimulatorOptions & { port: number; host?: string },
): Promise<RunningVtigerSimulator> {
  const { port, host = '127.0.0.1', ...rest } = options;
  const simulator = createVtigerSimulator(rest);
  return { ...(await listenSimulator(simulator.app, port, host)), simulator };
}

export type { SimControls } from '../../shared/src/control-router.js';

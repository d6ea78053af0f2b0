/**
 * Vtiger Cloud REST v1 (/restapi/v1/vtiger/default/<operation>): HTTP Basic with user name and access
 * key, no sessions, a working sync, and per-minute / per-day call limits answered with 429.
 */
import express, { type Request, type Response } from 'express';
import { applyFault, countCall, type SimControls } from '../../shared/src/control-router.js';
import type { Engine } from './engine.js';
import type { SimUser } from './sim-state.js';
import { errorBody, sendWs } from './webservice-router.js';
import { PhpCrash, WsError } from './ws-errors.js';

export interface RestLimits {
  perMinute: number;
  perDay: number;
}

/** One Professional edition defaults (reference §2): 60 a minute, 72 000 a day. */
export const DEFAULT_REST_LIMITS: RestLimits = { perMinute: 60, perDay: 72_000 };

export interface RestLimiter {
  limits: RestLimits;
  reset(): void;
}

type Params = Record<string, unknown>;

export function createRestRouter(
  controls: SimControls,
  engine: Engine,
  limits: RestLimits,
): { router: express.Router; limiter: RestLimiter } {
  // Rolling windows on the simulator clock, so tests can move past them without sleeping.
  let calls: number[] = [];
  const limiter: RestLimiter = {
    limits: { ...limits },
    reset() {
      calls = [];
    },
  };

  function authenticate(req: Request): SimUser | undefined {
    const header = req.headers.authorization ?? '';
    const match = /^Basic\s+(.+)$/i.exec(header);
    if (!match?.[1]) return undefined;
    const decoded = Buffer.from(match[1], 'base64').toString('utf8');
    const sep = decoded.indexOf(':');
    const userName = decoded.slice(0, sep);
    const key = decoded.slice(sep + 1);
    return engine.state.users.find((u) => u.userName === userName && u.accessKey === key);
  }

  function rateHeaders(res: Response, now: number): boolean {
    const minuteAgo = now - 60_000;
    const dayAgo = now - 86_400_000;
    calls = calls.filter((t) => t > dayAgo);
    const inMinute = calls.filter((t) => t > minuteAgo);
    const oldestInMinute = inMinute[0] ?? now;
    const resetSeconds = Math.max(1, Math.ceil((oldestInMinute + 60_000 - now) / 1000));
    const over = inMinute.length >= limiter.limits.perMinute || calls.length >= limiter.limits.perDay;
    if (!over) calls.push(now);
    const minuteRemaining = Math.max(0, limiter.limits.perMinute - inMinute.length - (over ? 0 : 1));
    const dayRemaining = Math.max(0, limiter.limits.perDay - calls.length);
    res.set({
      'X-FloodControl-MinuteLimit': String(limiter.limits.perMinute),
      'X-FloodControl-Remaining': String(minuteRemaining),
      'X-FloodControl-Reset': String(resetSeconds),
      'X-RateLimit-DailyLimit': String(limiter.limits.perDay),
      'X-RateLimit-Remaining': String(dayRemaining),
    });
    if (over) {
      const dayReset = Math.ceil(((calls[0] ?? now) + 86_400_000 - now) / 1000);
      res.set('Retry-After', String(inMinute.length >= limiter.limits.perMinute ? resetSeconds : dayReset));
    }
    return over;
  }

  const operations: Record<string, (p: Params, user: SimUser) => unknown> = {
    me: (_p, u) => ({
      id: `19x${u.id}`,
      user_name: u.userName,
      first_name: u.firstName,
      last_name: u.lastName,
      email1: u.email,
    }),
    listtypes: () => engine.listTypes(),
    describe: (p) => engine.describe(p.elementType),
    retrieve: (p) => engine.retrieve(p.id),
    query: (p) => engine.query(p.query),
    create: (p, u) => engine.create(p.elementType, p.element, { userId: u.id }),
    update: (p, u) => engine.update(p.element, { userId: u.id }),
    revise: (p, u) => engine.revise(p.element, { userId: u.id }),
    delete: (p, u) => engine.delete(p.id, { userId: u.id }),
    retrieve_related: (p) => engine.retrieveRelated(p.id, p.relatedLabel, p.relatedType),
    query_related: (p) => engine.queryRelated(p.id, p.relatedLabel, p.query),
    relatedtypes: (p) => engine.relatedTypes(p.elementType),
    sync: (p, u) => {
      const type = typeof p.elementType === 'string' && p.elementType ? p.elementType : undefined;
      const all = p.syncType === 'application' || p.syncType === 'userandgroup';
      return engine.sync(Number(p.modifiedTime ?? 0) || 0, type, { userId: u.id }, all);
    },
  };

  async function handle(req: Request, res: Response): Promise<void> {
    const operation = String(req.params.operation ?? '');
    const run = operations[operation];
    const statsKey = `rest:${run ? operation : 'unknown'}`;
    countCall(controls.stats, res, statsKey);
    const fired = await applyFault(
      controls,
      req,
      res,
      {
        method: req.method,
        path: req.path,
        template: '/restapi/v1/vtiger/default/{operation}',
        operation: statsKey,
      },
      statsKey,
      (f) => f.body ?? { success: false, error: { code: 'INJECTED_FAULT', message: 'Injected fault' } },
    );
    if (fired) return;
    const user = authenticate(req);
    if (!user) {
      res.set('WWW-Authenticate', 'Basic realm="Vtiger"');
      sendWs(res, 401, {
        success: false,
        error: { code: 'AUTHENTICATION_REQUIRED', message: 'Invalid credentials' },
      });
      return;
    }
    if (rateHeaders(res, controls.clock.now())) {
      res.statusMessage = 'Too Many Requests';
      sendWs(res, 429, {
        success: false,
        error: { code: 'TOO_MANY_REQUESTS', message: 'API limit exceeded' },
      });
      return;
    }
    if (!run) {
      sendWs(res, 404, {
        success: false,
        error: { code: 'UNKNOWN_OPERATION', message: 'Operation not found' },
      });
      return;
    }
    const params = (req.method === 'GET' ? req.query : (req.body ?? {})) as Params;
    try {
      sendWs(res, 200, { success: true, result: await run(params, user) });
    } catch (err) {
      if (err instanceof WsError) {
        // Cloud puts the message in the HTTP status line of a 400; the JSON body is kept for clients.
        res.statusMessage = err.message.replace(/[^\x20-\x7e]/g, '?');
        sendWs(res, 400, errorBody(err));
      } else if (err instanceof PhpCrash) res.status(500).end();
      else throw err;
    }
  }

  const router = express.Router();
  router.use(express.urlencoded({ extended: false, limit: '20mb' }));
  router.get('/restapi/v1/vtiger/default/:operation', handle);
  router.post('/restapi/v1/vtiger/default/:operation', handle);
  return { router, limiter };
}

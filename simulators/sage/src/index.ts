import express, { type Request, type Response } from 'express';
import { z } from 'zod';
import {
  applyFault,
  countCall,
  createControlRouter,
  type SimControls,
} from '../../shared/src/control-router.js';
import { createCallStats } from '../../shared/src/call-stats.js';
import { createFaultInjector } from '../../shared/src/fault-injector.js';
import { createSimClock } from '../../shared/src/sim-clock.js';
import { CRUD_RESOURCES, createApiRouter, type SageWorld } from './api-router.js';
import { stableId } from './ids.js';
import { createOAuthServer, type OAuthClient } from './oauth.js';
import { createRateLimiter, type RateLimitOptions } from './rate-limiter.js';
import type { BusinessCountry } from './reference-data.js';
import { contacts } from './resources/contacts.js';
import type { ResourceDef } from './resources/resource.js';
import { SageApiError } from './sage-errors.js';
import { listenSimulator } from '../../shared/src/listen.js';
import { seedRecords } from './seed.js';
import { createBusiness } from './store.js';

export const DEFAULT_CLIENT: OAuthClient = {
  clientId: 'demo-client',
  clientSecret: 'demo-client-secret',
  redirectUris: ['http://127.0.0.1:3003/v1/oauth/sage/callback'],
};

/** The default business's id is derived from its name and country, so it is the same on every run. */
export const DEFAULT_BUSINESS = { name: 'Demo Trading Ltd', country: 'GB' as BusinessCountry };
export const DEFAULT_BUSINESS_ID = stableId('business', DEFAULT_BUSINESS.name, DEFAULT_BUSINESS.country);

export interface SageSimulatorOptions {
  clients?: OAuthClient[];
  rateLimit?: RateLimitOptions;
  /** The user's businesses; the first is the lead business. Defaults to one GB business. */
  businesses?: { name: string; country: BusinessCountry }[];
}

export interface SageSimulator {
  app: express.Express;
  controls: SimControls;
  /** The current data, for in-process tests. */
  world(): SageWorld;
  /** Issues a token pair without the browser flow, for tests of code that needs a connection. */
  issueTokens(clientId?: string): { accessToken: string; refreshToken: string };
}

const clientSchema = z.object({
  clientId: z.string().min(1),
  clientSecret: z.string().min(1),
  redirectUris: z.array(z.string().url()).min(1),
});

const seedSchema = z.object({
  resource: z.string(),
  count: z.number().int().min(1).max(200_000),
  template: z.record(z.string(), z.unknown()).optional(),
  businessId: z.string().optional(),
});

const countries = ['GB', 'IE', 'CA', 'US'] as const;

export function createSageSimulator(options: SageSimulatorOptions = {}): SageSimulator {
  const clock = createSimClock();
  const controls: SimControls = {
    clock,
    stats: createCallStats(),
    faults: createFaultInjector(() => clock.now()),
  };
  const userId = stableId('user', 'demo');
  const initialBusinesses = options.businesses ?? [DEFAULT_BUSINESS];

  function initialWorld(): SageWorld {
    const businesses = new Map(
      initialBusinesses.map((seed) => {
        const biz = createBusiness(seed, clock.now());
        return [biz.id, biz] as const;
      }),
    );
    return {
      businesses,
      leadBusinessId: businesses.keys().next().value!,
      user: {
        id: userId,
        first_name: 'Demo',
        last_name: 'User',
        email: 'demo.user@example.com',
        locale: 'en-GB',
      },
    };
  }
  let world = initialWorld();

  const oauth = createOAuthServer({
    now: () => clock.now(),
    userId,
    userCountries: () => [...new Set([...world.businesses.values()].map((b) => b.country.toLowerCase()))],
    clients: options.clients ?? [DEFAULT_CLIENT],
  });
  const limiter = createRateLimiter(options.rateLimit ?? {}, () => clock.now());

  const control = createControlRouter(controls, () => {
    // OAuth clients and issued tokens survive a reset: it restores the data, not the connection.
    world = initialWorld();
    limiter.reset();
  });
  control.post('/oauth/clients', (req, res) => {
    const parsed = clientSchema.safeParse(req.body);
    if (!parsed.success)
      return void res.status(400).json({ error: 'invalid client', issues: parsed.error.issues });
    oauth.registerClient(parsed.data);
    res.status(201).json({ clientId: parsed.data.clientId, redirectUris: parsed.data.redirectUris });
  });
  control.post('/tokens', (req, res) => {
    const clientId = (req.body as { clientId?: string })?.clientId ?? DEFAULT_CLIENT.clientId;
    res.status(201).json(oauth.issueTokens(clientId));
  });
  control.get('/rate-limit', (_req, res) => void res.json(limiter.options()));
  control.post('/rate-limit', (req, res) => {
    const parsed = z
      .object({
        perSecond: z.number().positive().optional(),
        perDay: z.number().positive().optional(),
        concurrency: z.number().int().positive().optional(),
      })
      .safeParse(req.body);
    if (!parsed.success)
      return void res.status(400).json({ error: 'invalid rate limit', issues: parsed.error.issues });
    limiter.configure(parsed.data);
    res.json(limiter.options());
  });
  control.post('/businesses', (req, res) => {
    const parsed = z.object({ name: z.string().min(1), country: z.enum(countries) }).safeParse(req.body);
    if (!parsed.success)
      return void res.status(400).json({ error: 'invalid business', issues: parsed.error.issues });
    const biz = createBusiness(parsed.data, clock.now());
    world.businesses.set(biz.id, biz);
    res.status(201).json({ id: biz.id, name: biz.name, country: biz.country });
  });
  control.post('/seed', (req, res) => {
    const parsed = seedSchema.safeParse(req.body);
    if (!parsed.success)
      return void res.status(400).json({ error: 'invalid seed request', issues: parsed.error.issues });
    const def = CRUD_RESOURCES.find((d) => d.name === parsed.data.resource && d.create) as
      ResourceDef<unknown> | undefined;
    const biz = world.businesses.get(parsed.data.businessId ?? world.leadBusinessId);
    if (!def || !biz) return void res.status(404).json({ error: 'unknown resource or business' });
    try {
      const ids = seedRecords(
        def,
        contacts as ResourceDef<unknown>,
        biz,
        clock.now(),
        parsed.data.count,
        parsed.data.template,
      );
      res.status(201).json({ created: ids.length, ids });
    } catch (error) {
      if (error instanceof SageApiError) return void res.status(error.status).json(error.items);
      throw error;
    }
  });
  control.get('/records/:resource', (req, res) => {
    const def = CRUD_RESOURCES.find((d) => d.name === req.params.resource) as
      ResourceDef<unknown> | undefined;
    const biz = world.businesses.get(
      typeof req.query.businessId === 'string' ? req.query.businessId : world.leadBusinessId,
    );
    if (!def || !biz) return void res.status(404).json({ error: 'unknown resource or business' });
    res.json({ items: [...def.collection(biz).values()].map((r) => def.render(r, biz)) });
  });

  const app = express();
  app.disable('x-powered-by');
  app.use('/__sim', control);
  // The OAuth endpoints are counted and fault-injectable like the API, with OAuth-style bodies.
  for (const [method, path] of [
    ['GET', '/oauth2/auth/central'],
    ['POST', '/token'],
    ['POST', '/revoke'],
  ] as const) {
    app[method === 'GET' ? 'get' : 'post'](path, async (req: Request, res: Response, next) => {
      const key = `${method} ${path}`;
      countCall(controls.stats, res, key);
      const fired = await applyFault(
        controls,
        req,
        res,
        { method, path, template: path },
        key,
        (f) =>
          f.body ?? {
            error: f.status === 503 ? 'temporarily_unavailable' : 'server_error',
            error_description: 'injected fault',
          },
      );
      if (!fired) next();
    });
  }
  app.use(oauth.router);
  app.use('/v3.1', createApiRouter({ controls, oauth, limiter, world: () => world }));
  return {
    app,
    controls,
    world: () => world,
    issueTokens: (clientId = DEFAULT_CLIENT.clientId) => oauth.issueTokens(clientId),
  };
}

export interface RunningSageSimulator {
  url: string;
  port: number;
  simulator: SageSimulator;
  close(): Promise<void>;
}

export async function startSageSimulator(
  options: SageSimulatorOptions & { port: number; host?: string },
): Promise<RunningSageSimulator> {
  const { port, host = '127.0.0.1', ...rest } = options;
  const simulator = createSageSimulator(rest);
  return { ...(await listenSimulator(simulator.app, port, host)), simulator };
}

export type { OAuthClient } from './oauth.js';
export type { RateLimitOptions } from './rate-limiter.js';

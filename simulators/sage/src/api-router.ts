import express, { type NextFunction, type Request, type Response } from 'express';
import { applyFault, countCall, type SimControls } from '../../shared/src/control-router.js';
import { renderBusiness, renderBusinessSettings, renderFinancialSettings } from './business.js';
import { FieldReader } from './fields.js';
import { listRecords, project } from './list.js';
import type { AccessGrant, OAuthServer } from './oauth.js';
import type { RateLimiter } from './rate-limiter.js';
import {
  ADDRESS_TYPES,
  ARTEFACT_STATUSES,
  CATALOG_ITEM_TYPES,
  CONTACT_PERSON_TYPES,
  CONTACT_TYPES,
  COUNTRIES,
  CURRENCIES,
  CA_TAX_ADDRESS_REGIONS,
} from './reference-data.js';
import { ledgerAccounts, taxRates } from './resources/accounting.js';
import { products, services } from './resources/catalog-items.js';
import { addresses, contactPersons } from './resources/contact-parts.js';
import { contacts } from './resources/contacts.js';
import { lookupResource, type ApiResult, type Query, type ResourceDef } from './resources/resource.js';
import { salesInvoices } from './resources/sales-invoices.js';
import { SageApiError, errorItem, notFound, recordInvalid } from './sage-errors.js';
import { live, type BusinessState } from './store.js';

export const IDEMPOTENCY_WINDOW_MS = 7 * 86_400_000;

export interface SageWorld {
  businesses: Map<string, BusinessState>;
  leadBusinessId: string;
  user: { id: string; first_name: string; last_name: string; email: string; locale: string };
}

export interface ApiDeps {
  controls: SimControls;
  oauth: OAuthServer;
  limiter: RateLimiter;
  world: () => SageWorld;
}

interface HandlerContext {
  req: Request;
  query: Query;
  biz: BusinessState;
  world: SageWorld;
  now: number;
  grant: AccessGrant;
}

type Handler = (ctx: HandlerContext) => ApiResult;

export const CRUD_RESOURCES: ResourceDef<never>[] = [
  contacts,
  contactPersons,
  addresses,
  products,
  services,
  salesInvoices,
  taxRates,
  ledgerAccounts,
] as unknown as ResourceDef<never>[];

const LOOKUPS = [
  lookupResource('contact_types', () => CONTACT_TYPES),
  lookupResource('contact_person_types', () => CONTACT_PERSON_TYPES),
  lookupResource('address_types', () => ADDRESS_TYPES),
  lookupResource('countries', () => COUNTRIES),
  lookupResource('currencies', () => CURRENCIES),
  lookupResource('artefact_statuses', () => ARTEFACT_STATUSES),
  lookupResource('catalog_item_types', () => CATALOG_ITEM_TYPES),
  lookupResource('address_regions', () => CA_TAX_ADDRESS_REGIONS),
  lookupResource('product_sales_price_types', (biz) => biz.product_sales_price_types),
  lookupResource('service_rate_types', (biz) => biz.service_rate_types),
];

function sendError(res: Response, error: SageApiError): void {
  if (res.headersSent) return;
  res.set(error.headers).status(error.status).json(error.items);
}

function flatQuery(req: Request): Query {
  const out: Query = {};
  for (const [key, value] of Object.entries(req.query)) {
    out[key] = Array.isArray(value) ? String(value[0]) : typeof value === 'string' ? value : undefined;
  }
  return out;
}

export function createApiRouter(deps: ApiDeps): express.Router {
  const { controls, oauth, limiter } = deps;
  const router = express.Router();

  /**
   * Every endpoint runs the same gauntlet, in Sage's order: count it, authenticate the bearer
   * token, apply the per-app rate and concurrency limits, fire any injected fault, pick the
   * business from X-Business (the lead business when absent), then answer.
   */
  function route(
    method: 'get' | 'post' | 'put' | 'delete',
    template: string,
    handler: Handler,
    opts: { business?: boolean } = {},
  ): void {
    const statsKey = `${method.toUpperCase()} /v3.1${template}`;
    const expressPath = template.replace(/\{(\w+)\}/g, ':$1');
    router[method](expressPath, async (req: Request, res: Response) => {
      countCall(controls.stats, res, statsKey);
      const world = deps.world();
      const header = req.get('authorization');
      const bearer = header?.match(/^Bearer\s+(.+)$/i)?.[1];
      const grant = oauth.authenticate(bearer);
      if (typeof grant === 'string') {
        res.set('WWW-Authenticate', 'Bearer');
        return sendError(
          res,
          new SageApiError(401, [
            errorItem(
              'AuthorizationFailure',
              grant === 'expired' ? 'The access token has expired' : 'The access token is missing or invalid',
            ),
          ]),
        );
      }
      const admission = limiter.admit(grant.clientId);
      if (!admission.ok) {
        return sendError(
          res,
          new SageApiError(
            429,
            [errorItem('TooManyRequests', `Rate limit exceeded (${admission.reason}); retry later`)],
            { 'Retry-After': String(admission.retryAfterSeconds) },
          ),
        );
      }
      res.on('close', admission.release);
      const fired = await applyFault(
        controls,
        req,
        res,
        { method: req.method, path: req.originalUrl.split('?')[0]!, template: `/v3.1${template}` },
        statsKey,
        (fault) =>
          fault.body ?? [
            errorItem(
              fault.status === 429 ? 'TooManyRequests' : 'UnexpectedError',
              `Injected fault (HTTP ${fault.status})`,
            ),
          ],
      );
      if (fired) return;
      if (method !== 'get' && grant.scope === 'readonly') {
        return sendError(
          res,
          new SageApiError(403, [errorItem('MultiUserAccessDenied', 'This token only has read access')]),
        );
      }
      let biz: BusinessState | undefined;
      if (opts.business !== false) {
        const wanted = req.get('x-business');
        biz = world.businesses.get(wanted || world.leadBusinessId);
        if (!biz) {
          return sendError(
            res,
            new SageApiError(404, [errorItem('RecordNotFound', 'Business not found', 'X-Business')]),
          );
        }
        res.set('X-Business', biz.id);
      }
      try {
        const result = handler({
          req,
          query: flatQuery(req),
          biz: biz ?? world.businesses.get(world.leadBusinessId)!,
          world,
          now: controls.clock.now(),
          grant,
        });
        if (result.body === undefined) res.status(result.status).end();
        else res.status(result.status).json(result.body);
      } catch (error) {
        if (error instanceof SageApiError) return sendError(res, error);
        throw error;
      }
    });
  }

  router.use((req: Request, res: Response, next: NextFunction) => {
    const hasBody =
      req.headers['content-length'] !== '0' &&
      (req.headers['content-length'] || req.headers['transfer-encoding']);
    if ((req.method === 'POST' || req.method === 'PUT') && hasBody && !req.is('application/json')) {
      return sendError(
        res,
        new SageApiError(415, [errorItem('UnsupportedMediaType', 'Content-Type must be application/json')]),
      );
    }
    next();
  });
  router.use(express.json({ limit: '10mb' }));

  route(
    'get',
    '/user',
    ({ world }) => ({
      status: 200,
      body: {
        ...world.user,
        displayed_as: `${world.user.first_name} ${world.user.last_name}`,
        $path: '/user',
        initials: `${world.user.first_name[0]}${world.user.last_name[0]}`,
      },
    }),
    { business: false },
  );

  // The businesses list is not paginated and spells its page size $items_per_page.
  route(
    'get',
    '/businesses',
    ({ world, query }) => {
      const items = [...world.businesses.values()].map((b) =>
        project(renderBusiness(b), query.attributes, false),
      );
      return {
        status: 200,
        body: {
          $total: items.length,
          $page: 1,
          $next: null,
          $back: null,
          $items_per_page: 2147483647,
          $items: items,
        },
      };
    },
    { business: false },
  );
  route(
    'get',
    '/businesses/{id}',
    ({ world, req }) => {
      const id = req.params.id === 'lead' ? world.leadBusinessId : String(req.params.id);
      const biz = world.businesses.get(id);
      if (!biz) throw notFound();
      return { status: 200, body: renderBusiness(biz) };
    },
    { business: false },
  );

  route('get', '/financial_settings', ({ biz }) => ({ status: 200, body: renderFinancialSettings(biz) }));
  route('put', '/financial_settings', ({ biz, req, now }) => {
    const input = wrapped(req, 'financial_settings');
    const multi = input.boolean('multi_currency_enabled');
    const live = input.boolean('use_live_exchange_rates');
    const baseCurrency = input.string('base_currency_id');
    if (
      baseCurrency &&
      baseCurrency !== biz.financialSettings.base_currency_id &&
      biz.sales_invoices.size > 0
    ) {
      input.fail('base_currency_id', 'cannot be changed once transactions exist');
    }
    if (baseCurrency && !CURRENCIES.some((c) => c.id === baseCurrency))
      input.fail('base_currency_id', 'is invalid');
    if (input.issues.length > 0) throw recordInvalid(input.issues);
    Object.assign(biz.financialSettings, {
      ...(multi !== undefined ? { multi_currency_enabled: multi } : {}),
      ...(live !== undefined ? { use_live_exchange_rates: live } : {}),
      ...(baseCurrency ? { base_currency_id: baseCurrency } : {}),
      updatedAt: now,
    });
    return { status: 200, body: renderFinancialSettings(biz) };
  });
  route('get', '/business_settings', ({ biz }) => ({ status: 200, body: renderBusinessSettings(biz) }));

  for (const def of CRUD_RESOURCES) {
    const base = `/${def.name}`;
    route('get', base, ({ biz, query }) => ({ status: 200, body: listRecords(def, biz, query) }));
    route('get', `${base}/{id}`, ({ biz, req, query }) => {
      const record = live(def.collection(biz), String(req.params.id));
      if (!record) throw notFound();
      return { status: 200, body: project(def.render(record, biz), query.attributes, true) };
    });
    if (def.create) {
      route('post', base, (ctx) =>
        idempotent(ctx, def, `POST ${base}`, (input) => {
          const record = def.create!(input, { biz: ctx.biz, now: ctx.now });
          return { status: 201, body: def.render(record, ctx.biz) };
        }),
      );
    }
    if (def.update) {
      route('put', `${base}/{id}`, (ctx) => {
        const record = live(def.collection(ctx.biz), String(ctx.req.params.id));
        if (!record) throw notFound();
        return idempotent(ctx, def, `PUT ${base}/${record.id}`, (input) => {
          def.update!(record, input, { biz: ctx.biz, now: ctx.now });
          return { status: 200, body: def.render(record, ctx.biz) };
        });
      });
    }
    if (def.remove) {
      route('delete', `${base}/{id}`, ({ biz, req, now, query }) => {
        const record = live(def.collection(biz), String(req.params.id));
        if (!record) throw notFound();
        return def.remove!(record, { biz, now }, query);
      });
    }
  }
  for (const def of LOOKUPS) {
    route('get', `/${def.name}`, ({ biz, query }) => ({ status: 200, body: listRecords(def, biz, query) }));
    route('get', `/${def.name}/{id}`, ({ biz, req }) => {
      const record = def.collection(biz).get(String(req.params.id));
      if (!record) throw notFound();
      return { status: 200, body: def.render(record, biz) };
    });
  }

  router.use((req: Request, res: Response) => {
    const grant = oauth.authenticate(req.get('authorization')?.match(/^Bearer\s+(.+)$/i)?.[1]);
    if (typeof grant === 'string') {
      return sendError(
        res,
        new SageApiError(401, [errorItem('AuthorizationFailure', 'The access token is missing or invalid')]),
      );
    }
    sendError(
      res,
      new SageApiError(404, [errorItem('RouteNotFound', `No route matches ${req.method} ${req.path}`)]),
    );
  });
  router.use((error: unknown, _req: Request, res: Response, next: NextFunction) => {
    if (error instanceof SyntaxError || (error as { type?: string })?.type === 'entity.parse.failed') {
      return sendError(
        res,
        new SageApiError(400, [errorItem('InvalidJson', 'The request body is not valid JSON')]),
      );
    }
    if (res.headersSent) return next(error);
    sendError(res, new SageApiError(500, [errorItem('UnexpectedError', 'An unexpected error occurred')]));
  });
  return router;
}

/** The object inside a wrapped write body, e.g. `{"contact": {...}}`. */
function wrapped(req: Request, key: string): FieldReader {
  const inner = (req.body as Record<string, unknown> | undefined)?.[key];
  if (!inner || typeof inner !== 'object' || Array.isArray(inner)) {
    throw recordInvalid([{ source: key, message: `param is missing or the value is empty: ${key}` }]);
  }
  const { idempotency_id: _id, ...fields } = inner as Record<string, unknown>;
  return new FieldReader(fields, '', []);
}

/**
 * `idempotency_id` inside the wrapped body: the same id on the same operation within seven days
 * answers the first result again without writing; on another resource it is
 * IdempotencyResourceMismatch. Only successful writes are remembered, so a corrected retry of a
 * rejected body goes through.
 */
function idempotent<T>(
  ctx: HandlerContext,
  def: ResourceDef<T>,
  target: string,
  write: (input: FieldReader) => ApiResult,
): ApiResult {
  const input = wrapped(ctx.req, def.singular);
  const raw = ((ctx.req.body as Record<string, Record<string, unknown>>)[def.singular] ?? {}).idempotency_id;
  const idempotencyId = typeof raw === 'string' && raw !== '' ? raw : undefined;
  if (idempotencyId) {
    const prior = ctx.biz.idempotency.get(idempotencyId);
    if (prior && ctx.now - prior.at < IDEMPOTENCY_WINDOW_MS) {
      if (prior.target === target) return { status: prior.status, body: prior.body };
      throw new SageApiError(422, [
        errorItem(
          'IdempotencyResourceMismatch',
          'The idempotency_id has already been used for a different resource',
          'idempotency_id',
        ),
      ]);
    }
  }
  const result = write(input);
  if (idempotencyId)
    ctx.biz.idempotency.set(idempotencyId, { target, status: result.status, body: result.body, at: ctx.now });
  return result;
}

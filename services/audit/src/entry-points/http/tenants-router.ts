import express from 'express';
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { ProblemError } from '../../../../../libs/platform/src/http/problem.js';
import { isDuplicateKeyError } from '../../../../../libs/platform/src/mongo.js';
import { defaultSettings } from '../../../../../libs/state/src/tenant-settings.js';
import { hashWebhookSecret } from '../../../../../libs/state/src/tenants-repository.js';
import type { AuditApiDeps } from './deps.js';
import { parseOr400, tenantFor, TENANT_ID } from './params.js';

const createTenantSchema = z
  .object({
    id: z
      .string()
      .regex(TENANT_ID, 'must be 1-63 lowercase letters, digits or dashes, starting with a letter or digit'),
    name: z.string().min(1).max(200),
    /** Normally generated; an operator may set one (e.g. to keep an existing Vtiger workflow working). */
    webhookSecret: z.string().min(16, 'must be at least 16 characters').max(200).optional(),
  })
  .strict();

export function webhookUrlFor(publicBaseUrl: string, tenantId: string) {
  return `${publicBaseUrl.replace(/\/+$/, '')}/v1/webhooks/vtiger/${tenantId}`;
}

export function createTenantsRouter(deps: AuditApiDeps): express.Router {
  const router = express.Router();

  router.post('/v1/tenants', async (req, res) => {
    const principal = res.locals.principal;
    if (principal?.role !== 'operator')
      throw new ProblemError('FORBIDDEN', 'only operators may create tenants');
    const body = parseOr400(createTenantSchema, req.body);
    const webhookSecret = body.webhookSecret ?? randomBytes(24).toString('base64url');
    try {
      await deps.tenants.insert({
        _id: body.id,
        name: body.name,
        webhookSecretHash: hashWebhookSecret(webhookSecret),
        settings: defaultSettings(),
      });
    } catch (err) {
      if (isDuplicateKeyError(err))
        throw new ProblemError('CONFLICT', `tenant "${body.id}" already exists`, { field: 'id' });
      throw err;
    }
    deps.logger.info({ tenantId: body.id, by: principal.sub }, 'tenant created');
    // The secret is shown this once; only its hash is stored.
    res
      .status(201)
      .location(`/v1/tenants/${body.id}`)
      .json({
        id: body.id,
        name: body.name,
        webhookSecret,
        webhookUrl: webhookUrlFor(deps.publicBaseUrl, body.id),
      });
  });

  router.get('/v1/tenants', async (_req, res) => {
    const principal = res.locals.principal!;
    const tenants = await deps.tenants.list(principal.role === 'operator' ? undefined : principal.tenants);
    res.json({ items: tenants.map((t) => ({ id: t._id, name: t.name })) });
  });

  router.get('/v1/tenants/:tenantId', async (req, res) => {
    const tenant = await tenantFor(deps, req, res, 'read');
    const tenantId = tenant._id;
    const [vtiger, sage] = await Promise.all([
      deps.connections.describeVtiger(tenantId),
      deps.connections.findSage(tenantId),
    ]);
    res.json({
      id: tenant._id,
      name: tenant.name,
      createdAt: tenant.createdAt,
      webhookUrl: webhookUrlFor(deps.publicBaseUrl, tenantId),
      connections: {
        vtiger: vtiger
          ? { status: 'connected', url: vtiger.url, username: vtiger.username, updatedAt: vtiger.updatedAt }
          : { status: 'disconnected' },
        sage: sage
          ? { status: sage.status, country: sage.country, businessId: sage.businessId }
          : { status: 'disconnected' },
      },
      settings: tenant.settings,
    });
  });
  return router;
}

import express from 'express';
import { ProblemError } from '../../../../../libs/platform/src/http/problem.js';
import { applyModuleRules, settingsSchema } from '../../../../../libs/state/src/tenant-settings.js';
import type { AuditApiDeps } from './deps.js';
import { parseOr400, tenantFor } from './params.js';

/** GET/PUT /v1/tenants/{t}/settings: modules and directions, mappings, policies. */
export function createSettingsRouter(deps: AuditApiDeps): express.Router {
  const router = express.Router();
  router.get('/v1/tenants/:tenantId/settings', async (req, res) => {
    res.json((await tenantFor(deps, req, res, 'read')).settings);
  });
  router.put('/v1/tenants/:tenantId/settings', async (req, res) => {
    const { _id: tenantId } = await tenantFor(deps, req, res, 'write');
    const requested = parseOr400(settingsSchema.strict(), req.body);
    const ruled = applyModuleRules(requested);
    if ('problem' in ruled)
      throw new ProblemError('MODULE_DEPENDENCY', ruled.problem.message, { field: ruled.problem.field });
    const updated = await deps.tenants.updateSettings(tenantId, ruled.settings);
    deps.logger.info({ tenantId, by: res.locals.principal?.sub }, 'settings changed');
    res.json(updated?.settings ?? ruled.settings);
  });
  return router;
}

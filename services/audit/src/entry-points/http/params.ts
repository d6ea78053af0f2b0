import type { Request, Response } from 'express';
import type { z } from 'zod';
import { authorize, type Access } from '../../../../../libs/platform/src/auth/jwt-auth.js';
import { ProblemError } from '../../../../../libs/platform/src/http/problem.js';
import type { TenantDoc } from '../../../../../libs/state/src/tenants-repository.js';
import type { AuditApiDeps } from './deps.js';

export const TENANT_ID = /^[a-z0-9][a-z0-9-]{0,62}$/;

/** Parses input with a schema, or answers 400 VALIDATION_FAILED naming the first bad field. */
export function parseOr400<S extends z.ZodType>(schema: S, input: unknown, where = 'body'): z.infer<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const field = issue.path.join('.') || where;
  throw new ProblemError('VALIDATION_FAILED', `${field}: ${issue.message}`, { field });
}

export function tenantParam(value: unknown): string {
  const id = String(value);
  if (!TENANT_ID.test(id)) throw new ProblemError('TENANT_NOT_FOUND', `no tenant "${id}"`);
  return id;
}

/**
 * The tenant a route acts on: the id from the path, checked against the caller's token for the
 * access the route needs, then loaded (404 TENANT_NOT_FOUND when there is none).
 */
export async function tenantFor(
  deps: Pick<AuditApiDeps, 'tenants'>,
  req: Request,
  res: Response,
  access: Access,
): Promise<TenantDoc> {
  const tenantId = tenantParam(req.params.tenantId);
  authorize(res.locals.principal, tenantId, access);
  const tenant = await deps.tenants.find(tenantId);
  if (!tenant) throw new ProblemError('TENANT_NOT_FOUND', `no tenant "${tenantId}"`);
  return tenant;
}

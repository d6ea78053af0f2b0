import type { z } from 'zod';
import { ProblemError } from '../../../../../libs/platform/src/http/problem.js';

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

import type { RequestHandler } from 'express';
import jwt, { type Algorithm } from 'jsonwebtoken';
import { createPublicKey } from 'node:crypto';
import { z } from 'zod';
import { ProblemError } from '../http/problem.js';

export const ROLES = ['operator', 'admin', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

const claimsSchema = z.object({
  sub: z.string().min(1),
  role: z.enum(ROLES),
  tenants: z.array(z.string()).default([]),
});
export type Principal = z.infer<typeof claimsSchema>;

export interface JwtSettings {
  /** HS256 shared secret, or a PEM public key for RS256/ES256. Exactly one is set. */
  secret?: string;
  publicKey?: string;
  issuer: string;
  audience: string;
}

/** Pins the algorithm to the key's type so a token cannot choose its own (no "none", no HS/RS confusion). */
export function algorithmsFor(settings: JwtSettings): Algorithm[] {
  if (settings.secret) return ['HS256'];
  if (!settings.publicKey) throw new Error('JWT verification key missing');
  return createPublicKey(settings.publicKey).asymmetricKeyType === 'ec' ? ['ES256'] : ['RS256'];
}

/** RFC 6750: every 401 for a bad token says so in WWW-Authenticate. */
const INVALID_TOKEN = { 'WWW-Authenticate': 'Bearer error="invalid_token"' };

export function verifyToken(token: string, settings: JwtSettings): Principal {
  const key = settings.secret ?? settings.publicKey;
  if (!key) throw new Error('JWT verification key missing');
  let payload: unknown;
  try {
    payload = jwt.verify(token, key, {
      algorithms: algorithmsFor(settings),
      issuer: settings.issuer,
      audience: settings.audience,
      clockTolerance: 5,
    });
  } catch (err) {
    const reason =
      err instanceof jwt.TokenExpiredError
        ? 'the token has expired'
        : `the token is not valid (${(err as Error).message})`;
    throw new ProblemError('UNAUTHORIZED', reason, {
      headers: INVALID_TOKEN,
    });
  }
  if (typeof payload !== 'object' || payload === null || !('exp' in payload)) {
    throw new ProblemError('UNAUTHORIZED', 'the token has no expiry (exp)', { headers: INVALID_TOKEN });
  }
  const claims = claimsSchema.safeParse(payload);
  if (!claims.success) {
    throw new ProblemError(
      'UNAUTHORIZED',
      `the token's claims are incomplete: ${claims.error.issues[0]?.path.join('.')} ${claims.error.issues[0]?.message}`,
      { headers: INVALID_TOKEN },
    );
  }
  return claims.data;
}

declare module 'express-serve-static-core' {
  interface Locals {
    principal?: Principal;
  }
}

export function requireBearer(settings: JwtSettings): RequestHandler {
  return (req, res, next) => {
    const header = req.get('authorization') ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match?.[1]) {
      throw new ProblemError('UNAUTHORIZED', 'an Authorization: Bearer <token> header is required', {
        headers: { 'WWW-Authenticate': 'Bearer' },
      });
    }
    res.locals.principal = verifyToken(match[1], settings);
    next();
  };
}

export type Access = 'read' | 'write';

/** Whether a principal may read or change a tenant: operators all; admins and viewers their list; viewers only read. */
export function canAccess(principal: Principal, tenantId: string, access: Access): boolean {
  if (principal.role === 'operator') return true;
  if (!principal.tenants.includes(tenantId)) return false;
  return access === 'read' || principal.role === 'admin';
}

export function authorize(principal: Principal | undefined, tenantId: string, access: Access): void {
  if (!principal) throw new ProblemError('UNAUTHORIZED', 'authentication required');
  if (!canAccess(principal, tenantId, access)) {
    throw new ProblemError(
      'FORBIDDEN',
      access === 'write' && principal.tenants.includes(tenantId)
        ? `role ${principal.role} may not change tenant ${tenantId}`
        : `this token does not grant access to tenant ${tenantId}`,
    );
  }
}

export function signDevToken(
  settings: { secret: string; issuer: string; audience: string },
  claims: { sub: string; role: Role; tenants: string[] },
  expiresInSeconds = 12 * 3600,
): string {
  return jwt.sign(claims, settings.secret, {
    algorithm: 'HS256',
    issuer: settings.issuer,
    audience: settings.audience,
    expiresIn: expiresInSeconds,
  });
}

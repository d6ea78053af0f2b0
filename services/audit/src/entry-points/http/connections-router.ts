import express from 'express';
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { createPkcePair } from '../../../../../libs/connectors/src/sage/index.js';
import { AuthorizationRevokedError, OperationalError } from '../../../../../libs/platform/src/errors.js';
import { ProblemError } from '../../../../../libs/platform/src/http/problem.js';
import type { AuditApiDeps } from './deps.js';
import { parseOr400, tenantFor } from './params.js';

const vtigerConnectionSchema = z
  .object({
    url: z
      .url({ error: 'must be the Vtiger base URL, e.g. https://crm.example.com' })
      .refine((u) => /^https?:\/\//.test(u), 'must be http(s)'),
    username: z.string().min(1).max(100),
    accessKey: z.string().min(8, "must be the user's access key (My Preferences → Access Key)").max(100),
  })
  .strict();

const SAGE_COUNTRIES = ['gb', 'ie', 'ca', 'us', 'de', 'es', 'fr'] as const;
const STATE_LIFETIME_MS = 10 * 60_000;

export const sageCallbackPath = '/v1/oauth/sage/callback';

/** Connections: Vtiger credentials (checked by logging in, stored sealed) and Sage OAuth. */
export function createConnectionsRouter(deps: AuditApiDeps): express.Router {
  const router = express.Router();
  const redirectUri = `${deps.publicBaseUrl.replace(/\/+$/, '')}${sageCallbackPath}`;

  router.put('/v1/tenants/:tenantId/connections/vtiger', async (req, res) => {
    const { _id: tenantId } = await tenantFor(deps, req, res, 'write');
    const body = parseOr400(vtigerConnectionSchema, req.body);
    try {
      await deps.verifyVtiger(body);
    } catch (err) {
      if (err instanceof OperationalError) {
        throw new ProblemError(
          'UPSTREAM_REJECTED',
          `Vtiger did not accept these credentials: ${err.message}`,
          { status: 422 },
        );
      }
      throw err;
    }
    await deps.connections.saveVtiger(tenantId, body);
    deps.logger.info({ tenantId, by: res.locals.principal?.sub }, 'Vtiger connection saved');
    res.json({ status: 'connected', url: body.url, username: body.username });
  });

  router.get('/v1/tenants/:tenantId/connections/sage/authorize', async (req, res) => {
    const { _id: tenantId } = await tenantFor(deps, req, res, 'write');
    const { country, response } = parseOr400(
      z.object({
        country: z.enum(SAGE_COUNTRIES).default('gb'),
        response: z.enum(['redirect', 'json']).default('redirect'),
      }),
      req.query,
      'query',
    );
    const state = randomBytes(24).toString('base64url');
    const { codeVerifier, codeChallenge } = createPkcePair();
    await deps.oauthStates.save(state, {
      tenantId,
      codeVerifier,
      country,
      createdBy: res.locals.principal!.sub,
      expiresAt: new Date(Date.now() + STATE_LIFETIME_MS),
    });
    const url = deps.sage.authorizeUrl({ state, codeChallenge, country, redirectUri });
    if (response === 'json') res.json({ authorizeUrl: url });
    else res.redirect(302, url);
  });

  // No bearer token here: Sage's redirect carries only code and state, and the state is the proof.
  router.get(sageCallbackPath, async (req, res) => {
    const query = req.query as Record<string, string | undefined>;
    if (query.error) {
      throw new ProblemError(
        'VALIDATION_FAILED',
        `Sage did not authorise the connection: ${query.error}${query.error_description ? ` (${query.error_description})` : ''}`,
        { field: 'error' },
      );
    }
    if (!query.code || !query.state)
      throw new ProblemError('VALIDATION_FAILED', 'the callback needs code and state', { field: 'code' });
    const pending = await deps.oauthStates.consume(query.state);
    if (!pending)
      throw new ProblemError(
        'VALIDATION_FAILED',
        'unknown or expired authorisation state; start the connection again',
        { field: 'state' },
      );
    let tokens;
    try {
      tokens = await deps.sage.exchangeCode(query.code, pending.codeVerifier, redirectUri);
    } catch (err) {
      if (err instanceof OperationalError) {
        throw new ProblemError('UPSTREAM_REJECTED', `Sage refused the authorisation code: ${err.message}`, {
          status: 502,
        });
      }
      throw err;
    }
    const businessId = await deps.sage.leadBusinessId(tokens.accessToken);
    await deps.connections.saveSageConnected(
      pending.tenantId,
      { country: (query.country ?? pending.country).toUpperCase(), businessId },
      tokens,
    );
    deps.logger.info({ tenantId: pending.tenantId, businessId }, 'Sage connection authorised');
    res.json({ tenantId: pending.tenantId, status: 'connected', businessId });
  });

  router.delete('/v1/tenants/:tenantId/connections/sage', async (req, res) => {
    const { _id: tenantId } = await tenantFor(deps, req, res, 'write');
    const connection = await deps.connections.findSage(tenantId).catch(() => null);
    if (connection?.tokens) {
      // Revocation is best effort: the connection is dropped here whatever Sage answers.
      await deps.sage.revoke(connection.tokens.refreshToken).catch((err: unknown) => {
        if (!(err instanceof AuthorizationRevokedError))
          deps.logger.warn({ tenantId, err: (err as Error).message }, 'Sage revoke failed');
      });
    }
    await deps.connections.markSage(tenantId, 'disconnected');
    res.status(204).end();
  });
  return router;
}

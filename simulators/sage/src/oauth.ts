import { createHash, timingSafeEqual } from 'node:crypto';
import express, { type Request, type Response } from 'express';
import { randomToken } from './ids.js';

export interface OAuthClient {
  clientId: string;
  clientSecret: string;
  redirectUris: string[];
}

export const ACCESS_TOKEN_TTL_S = 300;
export const REFRESH_TOKEN_TTL_S = 2_678_400;
export const CODE_TTL_MS = 60_000;
const SCOPES = new Set(['full_access', 'readonly']);
const COUNTRIES = new Set(['ca', 'gb', 'ie', 'us']);

export interface AccessGrant {
  clientId: string;
  userId: string;
  scope: string;
  expiresAt: number;
}

interface AuthCode {
  clientId: string;
  redirectUri: string;
  scope: string;
  challenge?: string;
  challengeMethod?: string;
  expiresAt: number;
  used: boolean;
}

interface RefreshGrant {
  clientId: string;
  userId: string;
  scope: string;
  expiresAt: number;
  used: boolean;
}

export interface OAuthServer {
  router: express.Router;
  registerClient(client: OAuthClient): void;
  /** The grant behind a bearer token, or why it is refused. */
  authenticate(token: string | undefined): AccessGrant | 'missing' | 'invalid' | 'expired';
  issueTokens(clientId: string, scope?: string): { accessToken: string; refreshToken: string };
}

export interface OAuthOptions {
  now: () => number;
  userId: string;
  /** Countries (lower case) in which the user has a business; authorizing for another fails. */
  userCountries: () => string[];
  clients: OAuthClient[];
}

export function createOAuthServer(options: OAuthOptions): OAuthServer {
  const { now } = options;
  const clients = new Map<string, OAuthClient>();
  const codes = new Map<string, AuthCode>();
  const accessTokens = new Map<string, AccessGrant>();
  const refreshTokens = new Map<string, RefreshGrant>();
  for (const client of options.clients) clients.set(client.clientId, client);

  function issueTokens(clientId: string, scope = 'full_access') {
    const accessToken = randomToken();
    const refreshToken = randomToken();
    const t = now();
    accessTokens.set(accessToken, {
      clientId,
      userId: options.userId,
      scope,
      expiresAt: t + ACCESS_TOKEN_TTL_S * 1000,
    });
    refreshTokens.set(refreshToken, {
      clientId,
      userId: options.userId,
      scope,
      expiresAt: t + REFRESH_TOKEN_TTL_S * 1000,
      used: false,
    });
    return { accessToken, refreshToken };
  }

  function tokenResponse(res: Response, clientId: string, scope: string) {
    const { accessToken, refreshToken } = issueTokens(clientId, scope);
    res.set('Cache-Control', 'no-store').json({
      access_token: accessToken,
      scope,
      token_type: 'bearer',
      expires_in: ACCESS_TOKEN_TTL_S,
      refresh_token: refreshToken,
      refresh_token_expires_in: REFRESH_TOKEN_TTL_S,
      requested_by_id: options.userId,
    });
  }

  function oauthError(res: Response, error: string, description: string) {
    res.status(400).json({ error, error_description: description });
  }

  /** Client credentials from the form body or HTTP Basic, checked against the registration. */
  function authenticateClient(req: Request): OAuthClient | undefined {
    let id = formField(req, 'client_id');
    let secret = formField(req, 'client_secret');
    const header = req.get('authorization');
    if (header?.toLowerCase().startsWith('basic ')) {
      const decoded = Buffer.from(header.slice(6), 'base64').toString();
      const colon = decoded.indexOf(':');
      id = decodeURIComponent(decoded.slice(0, colon));
      secret = decodeURIComponent(decoded.slice(colon + 1));
    }
    const client = id ? clients.get(id) : undefined;
    if (!client || !secret || !safeEqual(client.clientSecret, secret)) return undefined;
    return client;
  }

  const router = express.Router();
  // Parsers only on the OAuth routes: this router sits in front of the API.
  const forms = [express.urlencoded({ extended: false }), express.json()];

  router.get('/oauth2/auth/central', (req, res) => {
    const q = req.query as Record<string, string | undefined>;
    const client = q.client_id ? clients.get(q.client_id) : undefined;
    // Without a known client and an exactly registered redirect URI there is nowhere safe to
    // send the user: Sage shows an error page instead of redirecting.
    if (!client) {
      res.status(400).type('text/plain').send('error: invalid_request (unknown client_id)');
      return;
    }
    if (!q.redirect_uri || !client.redirectUris.includes(q.redirect_uri)) {
      res
        .status(400)
        .type('text/plain')
        .send('error: invalid_request (redirect_uri does not match a registered callback)');
      return;
    }
    const back = (params: Record<string, string>) => {
      const url = new URL(q.redirect_uri!);
      for (const [key, value] of Object.entries(params)) url.searchParams.set(key, value);
      if (q.state !== undefined) url.searchParams.set('state', q.state);
      res.redirect(302, url.toString());
    };
    if (q.response_type !== 'code') return back({ error: 'unsupported_response_type' });
    const scope = q.scope ?? 'full_access';
    if (!SCOPES.has(scope)) return back({ error: 'invalid_scope' });
    const country = q.country?.toLowerCase() ?? options.userCountries()[0] ?? 'gb';
    if (!COUNTRIES.has(country))
      return back({ error: 'invalid_request', error_description: 'unsupported country' });
    if (!options.userCountries().includes(country)) {
      return back({ error: 'access_denied', error_description: 'no business in the requested country' });
    }
    const method = q.code_challenge_method ?? (q.code_challenge ? 'plain' : undefined);
    if (q.code_challenge !== undefined) {
      if ((method !== 'S256' && method !== 'plain') || !/^[A-Za-z0-9\-._~]{43,128}$/.test(q.code_challenge)) {
        return back({ error: 'invalid_request', error_description: 'invalid code_challenge' });
      }
    }
    // The code carries its region prefix, e.g. GB/1a2b...
    const code = `${country.toUpperCase()}/${randomToken(24)}`;
    codes.set(code, {
      clientId: client.clientId,
      redirectUri: q.redirect_uri,
      scope,
      ...(q.code_challenge !== undefined ? { challenge: q.code_challenge, challengeMethod: method! } : {}),
      expiresAt: now() + CODE_TTL_MS,
      used: false,
    });
    back({ code, country: country.toUpperCase() });
  });

  router.post('/token', forms, (req: Request, res: Response) => {
    const grantType = formField(req, 'grant_type');
    if (!grantType) return oauthError(res, 'invalid_request', 'grant_type is required');
    const client = authenticateClient(req);
    if (!client) return oauthError(res, 'invalid_client', 'client authentication failed');

    if (grantType === 'authorization_code') {
      const codeValue = formField(req, 'code');
      if (!codeValue) return oauthError(res, 'invalid_request', 'code is required');
      const code = codes.get(codeValue);
      if (!code || code.used || code.expiresAt <= now() || code.clientId !== client.clientId) {
        return oauthError(res, 'invalid_grant', 'the authorization code is invalid, expired or already used');
      }
      code.used = true;
      if (formField(req, 'redirect_uri') !== code.redirectUri) {
        return oauthError(res, 'invalid_grant', 'redirect_uri does not match the authorization request');
      }
      if (code.challenge !== undefined) {
        const verifier = formField(req, 'code_verifier');
        const expected =
          code.challengeMethod === 'S256' && verifier
            ? createHash('sha256').update(verifier).digest('base64url')
            : verifier;
        if (!verifier || expected !== code.challenge) {
          return oauthError(res, 'invalid_grant', 'code_verifier does not match the code_challenge');
        }
      }
      return tokenResponse(res, client.clientId, code.scope);
    }

    if (grantType === 'refresh_token') {
      const value = formField(req, 'refresh_token');
      if (!value) return oauthError(res, 'invalid_request', 'refresh_token is required');
      const grant = refreshTokens.get(value);
      if (!grant || grant.used || grant.expiresAt <= now() || grant.clientId !== client.clientId) {
        return oauthError(res, 'invalid_grant', 'the refresh token is invalid, expired or already used');
      }
      // Rotation: every refresh token works once.
      grant.used = true;
      return tokenResponse(res, client.clientId, grant.scope);
    }

    oauthError(res, 'unsupported_grant_type', `grant_type ${grantType} is not supported`);
  });

  router.post('/revoke', forms, (req: Request, res: Response) => {
    const client = authenticateClient(req);
    if (!client) return oauthError(res, 'invalid_client', 'client authentication failed');
    const token = formField(req, 'token');
    if (!token) return oauthError(res, 'invalid_request', 'token is required');
    const grant = refreshTokens.get(token);
    // Only refresh tokens can be revoked; access tokens live out their five minutes.
    if (grant && grant.clientId === client.clientId) grant.used = true;
    res.json({ success: 'ok' });
  });

  return {
    router,
    registerClient(client) {
      clients.set(client.clientId, client);
    },
    authenticate(token) {
      if (!token) return 'missing';
      const grant = accessTokens.get(token);
      if (!grant) return 'invalid';
      if (grant.expiresAt <= now()) return 'expired';
      return grant;
    },
    issueTokens,
  };
}

function formField(req: Request, name: string): string | undefined {
  const body = (req.body ?? {}) as Record<string, unknown>;
  const value = body[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

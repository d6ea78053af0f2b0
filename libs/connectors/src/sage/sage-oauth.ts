/**
 * Sage's OAuth 2.0 authorization-code flow (with PKCE): the consent URL, the code exchange, the
 * refresh (rotating, single-use refresh tokens) and revocation. Errors never include the client
 * secret, codes or tokens.
 */
import { createHash, randomBytes } from 'node:crypto';
import axios, { isAxiosError, type AxiosInstance } from 'axios';
import { AuthorizationRevokedError, PermanentUpstreamError } from '../../../platform/src/errors.js';
import { sageError } from './sage-errors.js';

export type SageScope = 'full_access' | 'readonly';

export interface SageTokenSet {
  accessToken: string;
  refreshToken: string;
  accessTokenExpiresAt: Date;
  refreshTokenExpiresAt: Date;
  scope: string;
  /** The Sage user who authorised the connection. */
  requestedById?: string;
}

export interface AuthorizeUrlInput {
  authUrl: string;
  clientId: string;
  redirectUri: string;
  state: string;
  codeChallenge: string;
  /** ca, gb or ie: skips Sage's country picker. */
  country: string;
  scope?: SageScope;
  locale?: string;
}

export function buildAuthorizeUrl(input: AuthorizeUrlInput): string {
  const url = new URL(input.authUrl);
  url.searchParams.set('filter', 'apiv3.1');
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('client_id', input.clientId);
  url.searchParams.set('redirect_uri', input.redirectUri);
  url.searchParams.set('scope', input.scope ?? 'full_access');
  url.searchParams.set('state', input.state);
  url.searchParams.set('country', input.country.toLowerCase());
  url.searchParams.set('code_challenge', input.codeChallenge);
  url.searchParams.set('code_challenge_method', 'S256');
  if (input.locale) url.searchParams.set('locale', input.locale);
  return url.toString();
}

export function createPkcePair(): { codeVerifier: string; codeChallenge: string } {
  const codeVerifier = randomBytes(48).toString('base64url');
  return { codeVerifier, codeChallenge: createHash('sha256').update(codeVerifier).digest('base64url') };
}

interface ClientCredentials {
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  http?: AxiosInstance;
  timeoutMs?: number;
  /** Injectable for tests; defaults to the wall clock. */
  now?: () => number;
}

interface TokenResponse {
  access_token: string;
  refresh_token: string;
  expires_in: number;
  refresh_token_expires_in: number;
  scope?: string;
  requested_by_id?: string;
}

async function postForm(
  input: ClientCredentials,
  url: string,
  operation: string,
  fields: Record<string, string>,
): Promise<unknown> {
  const http = input.http ?? axios;
  try {
    const response = await http.post(
      url,
      new URLSearchParams({
        client_id: input.clientId,
        client_secret: input.clientSecret,
        ...fields,
      }).toString(),
      {
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
        timeout: input.timeoutMs ?? 15_000,
      },
    );
    return response.data;
  } catch (err) {
    // OAuth-style failures: {"error": "invalid_grant", "error_description": ...}.
    if (isAxiosError(err) && (err.response?.status === 400 || err.response?.status === 401)) {
      const body = (err.response?.data ?? {}) as { error?: string; error_description?: string };
      const reason = `${body.error ?? 'HTTP ' + err.response?.status}${body.error_description ? ` (${body.error_description})` : ''}`;
      throw oauthFailure(operation, body.error, reason);
    }
    throw sageError(operation, err);
  }
}

function oauthFailure(operation: string, code: string | undefined, reason: string): Error {
  if (operation === 'token refresh' && code === 'invalid_grant') {
    return new AuthorizationRevokedError(
      'sage',
      `Sage refused the stored refresh token: ${reason}; re-authorise the connection`,
    );
  }
  return new PermanentUpstreamError('sage', `Sage ${operation} failed: ${reason}`, 400, code);
}

function toTokenSet(data: unknown, now: number): SageTokenSet {
  const body = data as TokenResponse;
  if (!body || typeof body.access_token !== 'string' || typeof body.refresh_token !== 'string') {
    throw new PermanentUpstreamError('sage', 'Sage token endpoint answered without tokens');
  }
  return {
    accessToken: body.access_token,
    refreshToken: body.refresh_token,
    accessTokenExpiresAt: new Date(now + body.expires_in * 1000),
    refreshTokenExpiresAt: new Date(now + body.refresh_token_expires_in * 1000),
    scope: body.scope ?? 'full_access',
    ...(body.requested_by_id ? { requestedById: body.requested_by_id } : {}),
  };
}

export async function exchangeCode(
  input: ClientCredentials & { code: string; codeVerifier: string; redirectUri: string },
): Promise<SageTokenSet> {
  const data = await postForm(input, input.tokenUrl, 'authorization code exchange', {
    grant_type: 'authorization_code',
    code: input.code,
    redirect_uri: input.redirectUri,
    code_verifier: input.codeVerifier,
  });
  return toTokenSet(data, (input.now ?? Date.now)());
}

/**
 * Every refresh returns a new refresh token and invalidates the old one: persist the new pair
 * atomically before using it. A dead refresh token is AuthorizationRevokedError.
 */
export async function refreshTokens(
  input: ClientCredentials & { refreshToken: string },
): Promise<SageTokenSet> {
  const data = await postForm(input, input.tokenUrl, 'token refresh', {
    grant_type: 'refresh_token',
    refresh_token: input.refreshToken,
  });
  return toTokenSet(data, (input.now ?? Date.now)());
}

/** Revokes a refresh token. Access tokens cannot be revoked; they expire within five minutes. */
export async function revokeToken(
  input: ClientCredentials & { token: string; revokeUrl?: string },
): Promise<void> {
  const url = input.revokeUrl ?? revokeUrlFor(input.tokenUrl);
  await postForm(input, url, 'token revocation', { token: input.token });
}

/** Sage's revoke endpoint sits beside its token endpoint. */
export function revokeUrlFor(tokenUrl: string): string {
  return new URL('revoke', tokenUrl.endsWith('/') ? tokenUrl : tokenUrl.replace(/[^/]*$/, '')).toString();
}

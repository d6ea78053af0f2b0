import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, test } from 'node:test';
import { AuthorizationRevokedError, PermanentUpstreamError } from '../../../platform/src/errors.js';
import { REDIRECT_URI, startSim, type Sim } from '../../../../simulators/sage/test/support/harness.js';
import {
  buildAuthorizeUrl,
  createPkcePair,
  exchangeCode,
  refreshTokens,
  revokeToken,
  revokeUrlFor,
} from './sage-oauth.js';

let sim: Sim;
before(async () => {
  sim = await startSim();
});
after(() => sim.close());

const credentials = () => ({
  tokenUrl: `${sim.url}/token`,
  clientId: 'demo-client',
  clientSecret: 'demo-client-secret',
});

async function authorizeAndExchange() {
  const pkce = createPkcePair();
  const url = buildAuthorizeUrl({
    authUrl: `${sim.url}/oauth2/auth/central`,
    clientId: 'demo-client',
    redirectUri: REDIRECT_URI,
    state: 'st-1',
    codeChallenge: pkce.codeChallenge,
    country: 'GB',
  });
  const response = await fetch(url, { redirect: 'manual' });
  const code = new URL(response.headers.get('location')!).searchParams.get('code')!;
  return exchangeCode({ ...credentials(), code, codeVerifier: pkce.codeVerifier, redirectUri: REDIRECT_URI });
}

test('buildAuthorizeUrl carries client, redirect, state, lower-case country, full_access scope and an S256 challenge', () => {
  const url = new URL(
    buildAuthorizeUrl({
      authUrl: 'https://www.sageone.com/oauth2/auth/central',
      clientId: 'cid',
      redirectUri: REDIRECT_URI,
      state: 's',
      codeChallenge: 'c'.repeat(43),
      country: 'GB',
    }),
  );
  assert.equal(url.searchParams.get('filter'), 'apiv3.1');
  assert.equal(url.searchParams.get('response_type'), 'code');
  assert.equal(url.searchParams.get('client_id'), 'cid');
  assert.equal(url.searchParams.get('redirect_uri'), REDIRECT_URI);
  assert.equal(url.searchParams.get('country'), 'gb');
  assert.equal(url.searchParams.get('scope'), 'full_access');
  assert.equal(url.searchParams.get('code_challenge_method'), 'S256');
});

test('createPkcePair makes a verifier whose SHA-256 is the challenge', () => {
  const { codeVerifier, codeChallenge } = createPkcePair();
  assert.match(codeVerifier, /^[A-Za-z0-9_-]{43,128}$/);
  assert.equal(createHash('sha256').update(codeVerifier).digest('base64url'), codeChallenge);
});

test('exchangeCode answers a typed token set with expiry dates from expires_in', async () => {
  const before = Date.now();
  const tokens = await authorizeAndExchange();
  assert.ok(tokens.accessToken && tokens.refreshToken);
  const accessMs = tokens.accessTokenExpiresAt.getTime() - before;
  assert.ok(accessMs >= 299_000 && accessMs <= 301_000 + 5_000);
  const refreshDays = (tokens.refreshTokenExpiresAt.getTime() - before) / 86_400_000;
  assert.ok(refreshDays > 30.9 && refreshDays < 31.1);
  assert.equal(tokens.scope, 'full_access');
  assert.match(tokens.requestedById!, /^[0-9a-f]{32}$/);
});

test('a reused code is a PermanentUpstreamError with invalid_grant and without the code or secret in the message', async () => {
  const pkce = createPkcePair();
  const url = buildAuthorizeUrl({
    authUrl: `${sim.url}/oauth2/auth/central`,
    clientId: 'demo-client',
    redirectUri: REDIRECT_URI,
    state: 's',
    codeChallenge: pkce.codeChallenge,
    country: 'gb',
  });
  const code = new URL((await fetch(url, { redirect: 'manual' })).headers.get('location')!).searchParams.get(
    'code',
  )!;
  const input = { ...credentials(), code, codeVerifier: pkce.codeVerifier, redirectUri: REDIRECT_URI };
  await exchangeCode(input);
  await assert.rejects(exchangeCode(input), (err: Error) => {
    assert.ok(err instanceof PermanentUpstreamError);
    assert.equal(err.upstreamCode, 'invalid_grant');
    assert.ok(!err.message.includes(code) && !err.message.includes('demo-client-secret'));
    return true;
  });
});

test('refreshTokens rotates the pair, and the old refresh token is then AuthorizationRevokedError', async () => {
  const first = await authorizeAndExchange();
  const second = await refreshTokens({ ...credentials(), refreshToken: first.refreshToken });
  assert.notEqual(second.refreshToken, first.refreshToken);
  await assert.rejects(
    refreshTokens({ ...credentials(), refreshToken: first.refreshToken }),
    (err: Error) => {
      assert.ok(err instanceof AuthorizationRevokedError);
      assert.equal(err.upstream, 'sage');
      assert.ok(!err.message.includes(first.refreshToken));
      return true;
    },
  );
});

test('revokeToken kills the refresh token so the next refresh is AuthorizationRevokedError', async () => {
  const tokens = await authorizeAndExchange();
  await revokeToken({ ...credentials(), token: tokens.refreshToken });
  await assert.rejects(
    refreshTokens({ ...credentials(), refreshToken: tokens.refreshToken }),
    AuthorizationRevokedError,
  );
});

test('the revoke URL sits beside the token URL', () => {
  assert.equal(
    revokeUrlFor('https://oauth.accounting.sage.com/token'),
    'https://oauth.accounting.sage.com/revoke',
  );
});

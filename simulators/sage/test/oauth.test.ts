import { createHash } from 'node:crypto';
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { REDIRECT_URI, startSim, type Sim } from './support/harness.js';

let sim: Sim;
before(async () => {
  sim = await startSim();
});
after(() => sim.close());

const verifier = 'a'.repeat(20) + 'verifier-for-pkce-tests-0123456789';
const challenge = createHash('sha256').update(verifier).digest('base64url');

function authorizeUrl(params: Record<string, string | undefined> = {}): string {
  const url = new URL(`${sim.url}/oauth2/auth/central`);
  const defaults: Record<string, string | undefined> = {
    client_id: 'demo-client',
    response_type: 'code',
    redirect_uri: REDIRECT_URI,
    scope: 'full_access',
    state: 'state-123',
    country: 'gb',
    code_challenge: challenge,
    code_challenge_method: 'S256',
  };
  for (const [key, value] of Object.entries({ ...defaults, ...params }))
    if (value !== undefined) url.searchParams.set(key, value);
  return url.toString();
}

async function authorize(params: Record<string, string | undefined> = {}) {
  const response = await fetch(authorizeUrl(params), { redirect: 'manual' });
  const location = response.headers.get('location');
  return { status: response.status, location: location ? new URL(location) : undefined };
}

/** The token endpoint's answer: tokens on success, an OAuth error otherwise. */
interface TokenAnswer {
  access_token: string;
  refresh_token: string;
  token_type: string;
  expires_in: number;
  refresh_token_expires_in: number;
  scope: string;
  requested_by_id: string;
  error?: string;
}

async function token(fields: Record<string, string>, headers: Record<string, string> = {}) {
  const response = await fetch(`${sim.url}/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(fields),
  });
  return { status: response.status, body: (await response.json()) as TokenAnswer };
}

const client = { client_id: 'demo-client', client_secret: 'demo-client-secret' };

async function codeFor(params: Record<string, string | undefined> = {}) {
  const { location } = await authorize(params);
  return location!.searchParams.get('code')!;
}

async function exchange(code: string, extra: Record<string, string> = {}) {
  return token({
    ...client,
    grant_type: 'authorization_code',
    code,
    redirect_uri: REDIRECT_URI,
    code_verifier: verifier,
    ...extra,
  });
}

test('authorize consents at once and redirects to the registered callback with a region-prefixed code, country and state', async () => {
  const { status, location } = await authorize();
  assert.equal(status, 302);
  assert.equal(`${location!.origin}${location!.pathname}`, REDIRECT_URI);
  assert.match(location!.searchParams.get('code')!, /^GB\//);
  assert.equal(location!.searchParams.get('country'), 'GB');
  assert.equal(location!.searchParams.get('state'), 'state-123');
});

test('authorize shows an error page instead of redirecting for an unknown client or an unregistered redirect URI', async () => {
  assert.equal((await authorize({ client_id: 'nobody' })).status, 400);
  assert.equal((await authorize({ redirect_uri: `${REDIRECT_URI}/other` })).status, 400);
  // Case-sensitive exact match.
  assert.equal((await authorize({ redirect_uri: REDIRECT_URI.replace('callback', 'Callback') })).status, 400);
});

test('authorize redirects OAuth errors for a bad response_type, scope, country or code challenge', async () => {
  assert.equal(
    (await authorize({ response_type: 'token' })).location!.searchParams.get('error'),
    'unsupported_response_type',
  );
  assert.equal(
    (await authorize({ scope: 'everything' })).location!.searchParams.get('error'),
    'invalid_scope',
  );
  assert.equal((await authorize({ country: 'zz' })).location!.searchParams.get('error'), 'invalid_request');
  assert.equal((await authorize({ country: 'ca' })).location!.searchParams.get('error'), 'access_denied');
  assert.equal(
    (await authorize({ code_challenge: 'short' })).location!.searchParams.get('error'),
    'invalid_request',
  );
  assert.equal(
    (await authorize({ response_type: 'token' })).location!.searchParams.get('state'),
    'state-123',
  );
});

test('the code exchange answers 300-second access and 31-day refresh tokens in Sage shape', async () => {
  const { status, body } = await exchange(await codeFor());
  assert.equal(status, 200);
  assert.equal(body.token_type, 'bearer');
  assert.equal(body.expires_in, 300);
  assert.equal(body.refresh_token_expires_in, 2_678_400);
  assert.equal(body.scope, 'full_access');
  assert.equal(typeof body.access_token, 'string');
  assert.equal(typeof body.refresh_token, 'string');
  assert.match(body.requested_by_id, /^[0-9a-f]{32}$/);
});

test('client credentials may come as HTTP Basic instead of form fields', async () => {
  const code = await codeFor();
  const basic = Buffer.from('demo-client:demo-client-secret').toString('base64');
  const { status } = await token(
    { grant_type: 'authorization_code', code, redirect_uri: REDIRECT_URI, code_verifier: verifier },
    { authorization: `Basic ${basic}` },
  );
  assert.equal(status, 200);
});

test('a wrong client secret is invalid_client', async () => {
  const { status, body } = await exchange(await codeFor(), { client_secret: 'wrong' });
  assert.equal(status, 400);
  assert.equal(body.error, 'invalid_client');
});

test('an authorization code works once', async () => {
  const code = await codeFor();
  assert.equal((await exchange(code)).status, 200);
  const again = await exchange(code);
  assert.equal(again.status, 400);
  assert.equal(again.body.error, 'invalid_grant');
});

test('an authorization code expires after 60 seconds', async () => {
  const code = await codeFor();
  await sim.advance(61_000);
  const { status, body } = await exchange(code);
  assert.equal(status, 400);
  assert.equal(body.error, 'invalid_grant');
});

test('the PKCE verifier must match the S256 challenge', async () => {
  const { status, body } = await exchange(await codeFor(), { code_verifier: 'b'.repeat(50) });
  assert.equal(status, 400);
  assert.equal(body.error, 'invalid_grant');
});

test('the redirect_uri of the exchange must match the one authorized', async () => {
  const { body } = await exchange(await codeFor(), { redirect_uri: 'http://127.0.0.1:9/elsewhere' });
  assert.equal(body.error, 'invalid_grant');
});

test('refresh tokens rotate: each refresh answers a new pair and the old refresh token stops working', async () => {
  const first = (await exchange(await codeFor())).body;
  const refreshed = await token({
    ...client,
    grant_type: 'refresh_token',
    refresh_token: first.refresh_token,
  });
  assert.equal(refreshed.status, 200);
  assert.notEqual(refreshed.body.refresh_token, first.refresh_token);
  const reused = await token({ ...client, grant_type: 'refresh_token', refresh_token: first.refresh_token });
  assert.equal(reused.status, 400);
  assert.equal(reused.body.error, 'invalid_grant');
});

test('a refresh token expires after 31 days', async () => {
  const first = (await exchange(await codeFor())).body;
  await sim.advance(2_678_401_000);
  const { body } = await token({
    ...client,
    grant_type: 'refresh_token',
    refresh_token: first.refresh_token,
  });
  assert.equal(body.error, 'invalid_grant');
});

test('an unknown grant type is unsupported_grant_type and a missing one invalid_request', async () => {
  assert.equal((await token({ ...client, grant_type: 'password' })).body.error, 'unsupported_grant_type');
  assert.equal((await token({ ...client })).body.error, 'invalid_request');
});

test('an access token is accepted for 300 seconds and then answered 401 in Sage format', async () => {
  const { body } = await exchange(await codeFor());
  const get = () =>
    fetch(`${sim.url}/v3.1/contacts`, { headers: { authorization: `Bearer ${body.access_token}` } });
  assert.equal((await get()).status, 200);
  await sim.advance(301_000);
  const expired = await get();
  assert.equal(expired.status, 401);
  const errors = (await expired.json()) as { $dataCode: string; $severity: string }[];
  assert.equal(errors[0]!.$severity, 'error');
  assert.equal(errors[0]!.$dataCode, 'AuthorizationFailure');
});

test('revoke answers {"success":"ok"} and kills the refresh token, not the access token', async () => {
  const { body } = await exchange(await codeFor());
  const response = await fetch(`${sim.url}/revoke`, {
    method: 'POST',
    body: new URLSearchParams({ ...client, token: body.refresh_token }),
  });
  assert.equal(response.status, 200);
  assert.deepEqual(await response.json(), { success: 'ok' });
  const refreshed = await token({
    ...client,
    grant_type: 'refresh_token',
    refresh_token: body.refresh_token,
  });
  assert.equal(refreshed.body.error, 'invalid_grant');
  const api = await fetch(`${sim.url}/v3.1/contacts`, {
    headers: { authorization: `Bearer ${body.access_token}` },
  });
  assert.equal(api.status, 200);
});

test('clients registered through /__sim/oauth/clients can authorize with their own redirect URI', async () => {
  const redirect = 'http://127.0.0.1:45678/v1/oauth/sage/callback';
  const registered = await sim.control('POST', '/oauth/clients', {
    clientId: 'test-client',
    clientSecret: 'test-secret',
    redirectUris: [redirect],
  });
  assert.equal(registered.status, 201);
  const code = await codeFor({ client_id: 'test-client', redirect_uri: redirect });
  const { status } = await token({
    client_id: 'test-client',
    client_secret: 'test-secret',
    grant_type: 'authorization_code',
    code,
    redirect_uri: redirect,
    code_verifier: verifier,
  });
  assert.equal(status, 200);
});

test('a readonly token may read but not write', async () => {
  const { body } = await exchange(await codeFor({ scope: 'readonly' }));
  const headers = { authorization: `Bearer ${body.access_token}`, 'content-type': 'application/json' };
  assert.equal((await fetch(`${sim.url}/v3.1/contacts`, { headers })).status, 200);
  const write = await fetch(`${sim.url}/v3.1/contacts`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ contact: { name: 'X', contact_type_ids: ['CUSTOMER'] } }),
  });
  assert.equal(write.status, 403);
});

test('the token endpoint is counted under "POST /token"', async () => {
  await exchange(await codeFor());
  const stats = await sim.control<{ calls: Record<string, Record<string, number>> }>('GET', '/stats');
  assert.ok((stats.body.calls['POST /token']?.['200'] ?? 0) >= 1);
});

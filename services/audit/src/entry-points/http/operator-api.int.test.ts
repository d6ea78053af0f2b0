// Integration test: real Kafka and real database
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import axios from 'axios';
import type express from 'express';
import jwt from 'jsonwebtoken';
import request from 'supertest';
import { signDevToken } from '../../../../../libs/platform/src/auth/jwt-auth.js';
import { startAuditAlone, type AuditAlone } from '../../../../../test/support/audit-alone.js';
import { JWT } from '../../../../../test/support/stack.js';
import { createConnectionsRouter } from './connections-router.js';
import type { AuditApiDeps } from './deps.js';
import { createSettingsRouter } from './settings-router.js';
import { createSyncLogRouter } from './sync-log-router.js';
import { createTenantsRouter } from './tenants-router.js';

const VTIGER_BRIDGE_USER = { username: 'bridge', accessKey: 'bridgeAccessKey1' };

let env: AuditAlone;
const api = () => request(env.audit.url);
const asOperator = (req: request.Test) => req.set('Authorization', `Bearer ${env.operatorToken}`);

function createTenant(id: string, extra: Record<string, unknown> = {}) {
  return asOperator(api().post('/v1/tenants')).send({ id, name: `Tenant ${id}`, ...extra });
}

function assertProblem(res: request.Response, status: number, code: string) {
  assert.equal(
    res.status,
    status,
    `expected ${status} ${code}, got ${res.status} ${JSON.stringify(res.body)}`,
  );
  assert.match(res.headers['content-type'] ?? '', /^application\/problem\+json/);
  assert.equal(res.body.code, code);
  assert.equal(res.body.status, status);
  assert.ok(typeof res.body.title === 'string' && typeof res.body.type === 'string');
  assert.ok(res.body.detail.length > 10, 'the problem says what is wrong');
}

/** Connects Sage the way an admin's browser does: authorize, Sage's consent page, the callback. */
async function connectSage(tenantId: string) {
  const authorize = await asOperator(
    api().get(`/v1/tenants/${tenantId}/connections/sage/authorize`).query({ response: 'json' }),
  ).expect(200);
  const consent = await axios.get(authorize.body.authorizeUrl, {
    maxRedirects: 0,
    validateStatus: () => true,
  });
  assert.equal(consent.status, 302, "Sage's consent page redirects back");
  return axios.get(String(consent.headers.location), { validateStatus: () => true });
}

before(async () => {
  env = await startAuditAlone('audit-api');
  await createTenant('acme').expect(201);
  await createTenant('globex').expect(201);
});
after(async () => {
  await env?.stop();
});

describe('authentication on the operator API', () => {
  const forged = (secret: string) =>
    signDevToken({ ...JWT, secret }, { sub: 'mallory', role: 'operator', tenants: [] });
  const refusals: Array<[string, () => string | undefined, RegExp]> = [
    ['no Authorization header', () => undefined, /Authorization: Bearer/],
    ['a token that is not a JWT', () => 'not-a-jwt', /not valid/],
    ['a token signed with another secret', () => forged('some-other-secret-0123456789'), /not valid/],
    [
      'an expired token',
      () => signDevToken(JWT, { sub: 'late', role: 'operator', tenants: [] }, -60),
      /expired/,
    ],
    [
      'a token for another audience',
      () => signDevToken({ ...JWT, audience: 'someone-else' }, { sub: 'x', role: 'operator', tenants: [] }),
      /audience/,
    ],
    [
      'a token without an expiry',
      () =>
        jwt.sign({ sub: 'x', role: 'operator', tenants: [] }, JWT.secret, {
          algorithm: 'HS256',
          issuer: JWT.issuer,
          audience: JWT.audience,
        }),
      /expiry/,
    ],
    [
      'an unsigned token (alg none)',
      () =>
        jwt.sign({ sub: 'x', role: 'operator', tenants: [] }, '', {
          algorithm: 'none',
          issuer: JWT.issuer,
          audience: JWT.audience,
          expiresIn: 3600,
        }),
      /not valid/,
    ],
  ];
  for (const [situation, token, detail] of refusals) {
    test(`${situation} is refused 401 UNAUTHORIZED as problem+json`, async () => {
      const req = api().get('/v1/tenants/acme/settings');
      const bearer = token();
      const res = await (bearer ? req.set('Authorization', `Bearer ${bearer}`) : req);
      assertProblem(res, 401, 'UNAUTHORIZED');
      assert.match(res.body.detail, detail);
    });
  }

  test('a missing, invalid or expired token is answered with a Bearer challenge', async () => {
    const expired = signDevToken(JWT, { sub: 'late', role: 'operator', tenants: [] }, -60);
    for (const header of [undefined, 'Bearer not-a-jwt', `Bearer ${expired}`]) {
      const req = api().get('/v1/tenants');
      const res = await (header ? req.set('Authorization', header) : req).expect(401);
      assert.match(res.headers['www-authenticate'] ?? '', /^Bearer/);
    }
  });

  test('an admin of another tenant is refused 403 FORBIDDEN on this tenant', async () => {
    const otherAdmin = env.tokenFor('admin', ['globex']);
    for (const path of ['/v1/tenants/acme', '/v1/tenants/acme/settings', '/v1/tenants/acme/sync-log']) {
      const res = await api().get(path).set('Authorization', `Bearer ${otherAdmin}`);
      assertProblem(res, 403, 'FORBIDDEN');
    }
    await api().get('/v1/tenants/globex').set('Authorization', `Bearer ${otherAdmin}`).expect(200);
  });

  test('a non-operator lists only the tenants its token names', async () => {
    const res = await api()
      .get('/v1/tenants')
      .set('Authorization', `Bearer ${env.tokenFor('viewer', ['globex'])}`)
      .expect(200);
    assert.deepEqual(
      res.body.items.map((t: { id: string }) => t.id),
      ['globex'],
    );
  });

  test('a viewer reads settings but is refused 403 FORBIDDEN when changing them', async () => {
    const viewer = env.tokenFor('viewer', ['acme']);
    const settings = await api()
      .get('/v1/tenants/acme/settings')
      .set('Authorization', `Bearer ${viewer}`)
      .expect(200);
    const res = await api()
      .put('/v1/tenants/acme/settings')
      .set('Authorization', `Bearer ${viewer}`)
      .send({ ...settings.body, conflictPolicy: 'sage_wins' });
    assertProblem(res, 403, 'FORBIDDEN');
    const now = await asOperator(api().get('/v1/tenants/acme/settings')).expect(200);
    assert.equal(now.body.conflictPolicy, 'newest_wins', 'the refused change was not applied');
  });

  test('only operators create tenants: admins and viewers are refused 403 FORBIDDEN', async () => {
    for (const role of ['admin', 'viewer'] as const) {
      const res = await api()
        .post('/v1/tenants')
        .set('Authorization', `Bearer ${env.tokenFor(role, ['newco'])}`)
        .send({ id: 'newco', name: 'New Co' });
      assertProblem(res, 403, 'FORBIDDEN');
    }
    assertProblem(await asOperator(api().get('/v1/tenants/newco')), 404, 'TENANT_NOT_FOUND');
  });
});

describe('tenants', () => {
  test('creating a tenant answers its webhook secret once and reading it never shows the secret', async () => {
    const created = await createTenant('initech').expect(201);
    const secret: string = created.body.webhookSecret;
    assert.ok(secret.length >= 16, 'a generated secret of useful length');
    assert.equal(created.headers.location, '/v1/tenants/initech');
    assert.match(created.body.webhookUrl, /\/v1\/webhooks\/vtiger\/initech$/);

    const read = await asOperator(api().get('/v1/tenants/initech')).expect(200);
    assert.equal(read.body.name, 'Tenant initech');
    assert.ok(!JSON.stringify(read.body).includes(secret), 'GET does not show the secret');
    assert.equal(read.body.webhookSecretHash, undefined);
    const listed = await asOperator(api().get('/v1/tenants')).expect(200);
    assert.ok(!JSON.stringify(listed.body).includes(secret));

    const stored = await env.mongo.collection('tenants').findOne({ _id: 'initech' as never });
    assert.ok(stored, 'the tenant is stored');
    assert.ok(!JSON.stringify(stored).includes(secret), 'only a hash of the secret is stored');
    assert.equal(stored.webhookSecretHash, createHash('sha256').update(secret).digest('hex'));
  });

  test('an operator may choose the webhook secret (to keep an existing Vtiger workflow working)', async () => {
    const chosen = 'kept-from-the-old-installation';
    const created = await createTenant('hooli', { webhookSecret: chosen }).expect(201);
    assert.equal(created.body.webhookSecret, chosen);
  });

  test('a second tenant with an existing id is refused 409 CONFLICT and the first is unchanged', async () => {
    const res = await asOperator(api().post('/v1/tenants')).send({ id: 'acme', name: 'Impostor' });
    assertProblem(res, 409, 'CONFLICT');
    const read = await asOperator(api().get('/v1/tenants/acme')).expect(200);
    assert.equal(read.body.name, 'Tenant acme');
  });

  test('a tenant id that is not a lowercase slug is refused 400 VALIDATION_FAILED naming id', async () => {
    const res = await asOperator(api().post('/v1/tenants')).send({ id: 'Not A Slug', name: 'X' });
    assertProblem(res, 400, 'VALIDATION_FAILED');
    assert.equal(res.body.field, 'id');
  });
});

describe('settings', () => {
  const settingsOf = async (tenantId: string) =>
    (await asOperator(api().get(`/v1/tenants/${tenantId}/settings`)).expect(200)).body;
  const enabled = (direction = 'both') => ({ enabled: true, direction });
  const disabled = { enabled: false, direction: 'both' };

  test('enabling invoices while products are disabled is refused 422 MODULE_DEPENDENCY and changes nothing', async () => {
    const before = await settingsOf('acme');
    const res = await asOperator(api().put('/v1/tenants/acme/settings')).send({
      ...before,
      modules: {
        organizations: enabled(),
        contacts: enabled(),
        products: disabled,
        services: enabled(),
        invoices: enabled(),
      },
    });
    assertProblem(res, 422, 'MODULE_DEPENDENCY');
    assert.equal(res.body.field, 'modules.invoices.enabled');
    assert.match(res.body.detail, /products/);
    assert.deepEqual(await settingsOf('acme'), before);
  });

  test('enabling invoices together with organizations, products and services is saved', async () => {
    const before = await settingsOf('globex');
    const modules = {
      organizations: enabled(),
      contacts: enabled(),
      products: enabled('vtiger_to_sage'),
      services: enabled('vtiger_to_sage'),
      invoices: enabled('vtiger_to_sage'),
    };
    const res = await asOperator(api().put('/v1/tenants/globex/settings'))
      .send({ ...before, modules })
      .expect(200);
    assert.deepEqual(res.body.modules, modules);
    assert.deepEqual((await settingsOf('globex')).modules, modules);
  });

  const invalidBodies: Array<[string, (s: Record<string, unknown>) => unknown, string]> = [
    [
      'a direction that does not exist',
      (s) => ({
        ...s,
        modules: { ...(s.modules as object), organizations: { enabled: true, direction: 'sideways' } },
      }),
      'modules.organizations.direction',
    ],
    ['an unknown conflict policy', (s) => ({ ...s, conflictPolicy: 'loudest_wins' }), 'conflictPolicy'],
    [
      'a module left out',
      (s) => ({ ...s, modules: { ...(s.modules as object), services: undefined } }),
      'modules.services',
    ],
  ];
  for (const [situation, mutate, field] of invalidBodies) {
    test(`${situation} is refused 400 VALIDATION_FAILED naming ${field}, and nothing changes`, async () => {
      const before = await settingsOf('acme');
      const res = await asOperator(api().put('/v1/tenants/acme/settings')).send(mutate(before) as object);
      assertProblem(res, 400, 'VALIDATION_FAILED');
      assert.equal(res.body.field, field);
      assert.match(res.body.detail, new RegExp(field.replace(/\./g, '\\.')));
      assert.deepEqual(await settingsOf('acme'), before);
    });
  }

  test('contacts follow organizations whatever the request says for contacts', async () => {
    const before = await settingsOf('acme');
    const res = await asOperator(api().put('/v1/tenants/acme/settings'))
      .send({
        ...before,
        modules: {
          ...before.modules,
          organizations: enabled('vtiger_to_sage'),
          contacts: { enabled: false, direction: 'sage_to_vtiger' },
        },
      })
      .expect(200);
    assert.deepEqual(res.body.modules.contacts, enabled('vtiger_to_sage'));
    assert.deepEqual((await settingsOf('acme')).modules.contacts, enabled('vtiger_to_sage'));
  });
});

describe('connections', () => {
  const connectionDoc = (id: string) => env.mongo.collection('connections').findOne({ _id: id as never });

  test('a Vtiger access key Vtiger refuses is answered 422 and nothing is stored', async () => {
    const res = await asOperator(api().put('/v1/tenants/globex/connections/vtiger')).send({
      url: env.vtigerSim.url,
      username: VTIGER_BRIDGE_USER.username,
      accessKey: 'wrongAccessKey99',
    });
    assertProblem(res, 422, 'UPSTREAM_REJECTED');
    assert.ok(!JSON.stringify(res.body).includes('wrongAccessKey99'), 'the key is not echoed');
    assert.equal(await connectionDoc('globex:vtiger'), null);
    const tenant = await asOperator(api().get('/v1/tenants/globex')).expect(200);
    assert.deepEqual(tenant.body.connections.vtiger, { status: 'disconnected' });
  });

  test('Vtiger credentials Vtiger accepts are stored sealed and never answered back', async () => {
    const res = await asOperator(api().put('/v1/tenants/acme/connections/vtiger'))
      .send({ url: env.vtigerSim.url, ...VTIGER_BRIDGE_USER })
      .expect(200);
    assert.deepEqual(res.body, { status: 'connected', url: env.vtigerSim.url, username: 'bridge' });

    const stored = await connectionDoc('acme:vtiger');
    assert.ok(stored, 'the connection is stored');
    assert.ok(!JSON.stringify(stored).includes(VTIGER_BRIDGE_USER.accessKey), 'no plaintext key at rest');
    assert.equal(env.secretBox.open(stored.accessKeySealed), VTIGER_BRIDGE_USER.accessKey);

    const tenant = await asOperator(api().get('/v1/tenants/acme')).expect(200);
    assert.equal(tenant.body.connections.vtiger.status, 'connected');
    assert.ok(!JSON.stringify(tenant.body).includes(VTIGER_BRIDGE_USER.accessKey));
  });

  test('the Sage OAuth callback with an unknown state is refused 400 and connects nothing', async () => {
    const res = await api().get('/v1/oauth/sage/callback').query({ code: 'abc', state: 'never-issued' });
    assertProblem(res, 400, 'VALIDATION_FAILED');
    assert.equal(res.body.field, 'state');
    assert.equal(await connectionDoc('acme:sage'), null);
  });

  test('a Sage connection stores its tokens sealed, and no API answer carries them', async () => {
    const callback = await connectSage('acme');
    assert.equal(callback.status, 200);
    assert.equal(callback.data.status, 'connected');
    assert.match(callback.data.businessId, /^[0-9a-f]{32}$/);

    const stored = await connectionDoc('acme:sage');
    assert.ok(stored, 'the connection is stored');
    const accessToken = env.secretBox.open(stored.accessTokenSealed);
    const refreshToken = env.secretBox.open(stored.refreshTokenSealed);
    const secrets = [accessToken, refreshToken, env.env.SAGE_CLIENT_SECRET];
    // The sealed values are the real tokens Sage issued: the access token works against Sage.
    await axios.get(`${env.sageSim.url}/v3.1/businesses`, {
      headers: { Authorization: `Bearer ${accessToken}` },
    });
    for (const secret of secrets)
      assert.ok(!JSON.stringify(stored).includes(secret), 'no plaintext token at rest');

    const answers = [
      callback.data,
      (await asOperator(api().get('/v1/tenants/acme')).expect(200)).body,
      (await asOperator(api().get('/v1/tenants')).expect(200)).body,
      (await asOperator(api().get('/v1/tenants/acme/settings')).expect(200)).body,
      (await asOperator(api().get('/v1/tenants/acme/sync-log')).expect(200)).body,
    ];
    for (const answer of answers)
      for (const secret of [...secrets, VTIGER_BRIDGE_USER.accessKey])
        assert.ok(!JSON.stringify(answer).includes(secret), `no secret in ${JSON.stringify(answer)}`);
    assert.equal(answers[1].connections.sage.status, 'connected');
  });

  test('a callback replayed with an already used state is refused 400', async () => {
    const authorize = await asOperator(
      api().get('/v1/tenants/globex/connections/sage/authorize').query({ response: 'json' }),
    ).expect(200);
    const consent = await axios.get(authorize.body.authorizeUrl, {
      maxRedirects: 0,
      validateStatus: () => true,
    });
    const callbackUrl = String(consent.headers.location);
    assert.equal((await axios.get(callbackUrl, { validateStatus: () => true })).status, 200);
    const replay = await api().get(new URL(callbackUrl).pathname + new URL(callbackUrl).search);
    assertProblem(replay, 400, 'VALIDATION_FAILED');
  });

  test('disconnecting Sage forgets the tokens', async () => {
    await asOperator(api().delete('/v1/tenants/globex/connections/sage')).expect(204);
    const stored = await connectionDoc('globex:sage');
    assert.equal(stored?.status, 'disconnected');
    assert.equal(stored?.accessTokenSealed, undefined);
    assert.equal(stored?.refreshTokenSealed, undefined);
    const tenant = await asOperator(api().get('/v1/tenants/globex')).expect(200);
    assert.equal(tenant.body.connections.sage.status, 'disconnected');
  });
});

describe('GET /v1/openapi.json', () => {
  type Operation = `${string} ${string}`;
  const documented = async (): Promise<Operation[]> => {
    const doc = (await api().get('/v1/openapi.json').expect(200)).body as {
      paths: Record<string, Record<string, unknown>>;
    };
    return Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.keys(ops).map((method) => `${method.toUpperCase()} ${path}` as Operation),
    );
  };
  // The webhook is served by ingest; the document describes it for Vtiger administrators.
  const servedElsewhere = new Set<Operation>(['POST /v1/webhooks/vtiger/{tenantId}']);

  test('documents every route the audit API serves, and no route it does not', async () => {
    const deps = { publicBaseUrl: 'http://127.0.0.1' } as AuditApiDeps;
    const routers = [
      createTenantsRouter(deps),
      createConnectionsRouter(deps),
      createSettingsRouter(deps),
      createSyncLogRouter(deps),
    ];
    type Layer = { route?: { path: string; methods: Record<string, boolean> } };
    const served = routers
      .flatMap((router: express.Router) => router.stack as Layer[])
      .flatMap((layer) =>
        Object.keys(layer.route?.methods ?? {}).map(
          (method) => `${method.toUpperCase()} ${layer.route!.path.replace(/:(\w+)/g, '{$1}')}` as Operation,
        ),
      );
    assert.ok(served.length >= 10, 'the routers were read');
    const doc = (await documented()).filter((op) => !servedElsewhere.has(op));
    assert.deepEqual([...served].sort(), [...doc].sort());
  });

  test('every documented audit route is answered by the running service', async () => {
    for (const operation of await documented()) {
      if (servedElsewhere.has(operation)) continue;
      const [method, template] = operation.split(' ') as [string, string];
      const path = template.replace('{tenantId}', 'probe-nobody').replace('{id}', 'probe-id');
      const res = await asOperator(
        api()[method.toLowerCase() as 'get' | 'post' | 'put' | 'delete'](path),
      ).send({});
      assert.ok(
        !(res.status === 404 && /^no route/.test(res.body.detail ?? '')),
        `${operation} is documented but not served`,
      );
    }
  });
});

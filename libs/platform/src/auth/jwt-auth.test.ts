import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import jwt from 'jsonwebtoken';
import { ProblemError } from '../http/problem.js';
import { authorize, canAccess, signDevToken, verifyToken, type Principal } from './jwt-auth.js';

const settings = { secret: 'test-secret-of-enough-length-000', issuer: 'vsb-test', audience: 'vsb-api' };

function aPrincipal(overrides: Partial<Principal> = {}): Principal {
  return { sub: 'user-1', role: 'admin', tenants: ['acme'], ...overrides };
}

/** A token signed with `jwt.sign`; each option can be changed to make it wrong in one way. */
function aToken(
  options: { secret?: string; issuer?: string; audience?: string; expiresIn?: number | null } = {},
  claims: Record<string, unknown> = aPrincipal(),
): string {
  const expiresIn = options.expiresIn === undefined ? 3600 : options.expiresIn;
  return jwt.sign(claims, options.secret ?? settings.secret, {
    algorithm: 'HS256',
    issuer: options.issuer ?? settings.issuer,
    audience: options.audience ?? settings.audience,
    ...(expiresIn === null ? {} : { expiresIn }),
  });
}

const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** The ProblemError verifyToken throws; fails the test when the token is accepted. */
function rejectionOf(token: string): ProblemError {
  try {
    verifyToken(token, settings);
  } catch (err) {
    assert.ok(err instanceof ProblemError, `expected a ProblemError, got ${String(err)}`);
    return err;
  }
  assert.fail('expected the token to be refused');
}

describe('verifying a bearer token', () => {
  test('a valid HS256 token from the right issuer for the right audience gives its principal', () => {
    assert.deepEqual(verifyToken(aToken(), settings), aPrincipal());
  });

  test('a token signed by signDevToken verifies', () => {
    const token = signDevToken(settings, { sub: 'op', role: 'operator', tenants: [] });
    assert.deepEqual(verifyToken(token, settings), { sub: 'op', role: 'operator', tenants: [] });
  });

  test('a token without a tenants claim has an empty tenant list', () => {
    const token = aToken({}, { sub: 'op', role: 'operator' });
    assert.deepEqual(verifyToken(token, settings).tenants, []);
  });

  const now = Math.floor(Date.now() / 1000);
  const refused: Array<[string, () => string]> = [
    ['from another issuer', () => aToken({ issuer: 'someone-else' })],
    ['for another audience', () => aToken({ audience: 'another-api' })],
    ['that has expired', () => aToken({ expiresIn: -60 })],
    ['without an expiry', () => aToken({ expiresIn: null })],
    ['signed with another secret', () => aToken({ secret: 'another-secret-of-enough-length' })],
    [
      'with alg "none"',
      () =>
        `${base64url({ alg: 'none', typ: 'JWT' })}.${base64url({ ...aPrincipal(), iss: settings.issuer, aud: settings.audience, exp: now + 3600 })}.`,
    ],
    ['with an unknown role', () => aToken({}, { sub: 'u', role: 'superuser', tenants: [] })],
    ['without a subject', () => aToken({}, { role: 'admin', tenants: ['acme'] })],
    ['that is not a JWT at all', () => 'not-a-token'],
  ];
  for (const [what, token] of refused) {
    test(`a token ${what} is refused with UNAUTHORIZED`, () => {
      const err = rejectionOf(token());
      assert.equal(err.code, 'UNAUTHORIZED');
      assert.equal(err.status, 401);
    });
  }

  test('an expired token is refused saying it has expired', () => {
    assert.equal(rejectionOf(aToken({ expiresIn: -60 })).detail, 'the token has expired');
  });

  test('a token without an expiry is refused saying so', () => {
    assert.match(rejectionOf(aToken({ expiresIn: null })).detail, /no expiry/);
  });

  test('a bad signature is answered with a Bearer invalid_token challenge', () => {
    const err = rejectionOf(aToken({ secret: 'another-secret-of-enough-length' }));
    assert.deepEqual(err.headers, { 'WWW-Authenticate': 'Bearer error="invalid_token"' });
  });
});

describe('tenant access by role', () => {
  const cases: Array<[Principal['role'], 'own' | 'other', 'read' | 'write', boolean]> = [
    ['operator', 'own', 'read', true],
    ['operator', 'own', 'write', true],
    ['operator', 'other', 'read', true],
    ['operator', 'other', 'write', true],
    ['admin', 'own', 'read', true],
    ['admin', 'own', 'write', true],
    ['admin', 'other', 'read', false],
    ['admin', 'other', 'write', false],
    ['viewer', 'own', 'read', true],
    ['viewer', 'own', 'write', false],
    ['viewer', 'other', 'read', false],
    ['viewer', 'other', 'write', false],
  ];
  for (const [role, whose, access, allowed] of cases) {
    const tenantId = whose === 'own' ? 'acme' : 'globex';
    test(`${role === 'viewer' ? 'a' : 'an'} ${role} ${allowed ? 'may' : 'may not'} ${access} ${whose === 'own' ? 'a tenant in its list' : 'another tenant'}`, () => {
      const principal = aPrincipal({ role, tenants: role === 'operator' ? [] : ['acme'] });
      assert.equal(canAccess(principal, tenantId, access), allowed);
      if (allowed) assert.doesNotThrow(() => authorize(principal, tenantId, access));
      else
        assert.throws(
          () => authorize(principal, tenantId, access),
          (err) => err instanceof ProblemError && err.code === 'FORBIDDEN' && err.status === 403,
        );
    });
  }

  test('a viewer writing its own tenant is told its role may not change it', () => {
    assert.throws(
      () => authorize(aPrincipal({ role: 'viewer' }), 'acme', 'write'),
      /role viewer may not change tenant acme/,
    );
  });

  test('anyone reaching another tenant is told the token does not grant access to it', () => {
    assert.throws(
      () => authorize(aPrincipal({ role: 'admin' }), 'globex', 'read'),
      /does not grant access to tenant globex/,
    );
  });

  test('without a principal, authorize answers UNAUTHORIZED', () => {
    assert.throws(
      () => authorize(undefined, 'acme', 'read'),
      (err) => err instanceof ProblemError && err.code === 'UNAUTHORIZED',
    );
  });
});

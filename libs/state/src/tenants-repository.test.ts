/** Only the pure parts of the tenants repository: secret hashing and the read cache over a stub. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { defaultSettings } from './tenant-settings.js';
import {
  createTenantCache,
  hashWebhookSecret,
  webhookSecretMatches,
  type TenantDoc,
} from './tenants-repository.js';

function aTenant(id: string, overrides: Partial<TenantDoc> = {}): TenantDoc {
  return {
    _id: id,
    name: id,
    webhookSecretHash: hashWebhookSecret(`secret-of-${id}`),
    settings: defaultSettings(),
    settingsVersion: 1,
    createdAt: new Date(0),
    updatedAt: new Date(0),
    ...overrides,
  };
}

describe('webhook secrets', () => {
  test('the stored hash is the SHA-256 hex of the secret, never the secret', () => {
    const hash = hashWebhookSecret('s3cret');
    assert.match(hash, /^[0-9a-f]{64}$/);
    assert.equal(hash, hashWebhookSecret('s3cret'));
    assert.notEqual(hash, hashWebhookSecret('s3cret '));
  });

  test('the right secret matches its stored hash', () => {
    assert.equal(webhookSecretMatches('s3cret', hashWebhookSecret('s3cret')), true);
  });

  test('another secret does not match', () => {
    assert.equal(webhookSecretMatches('guess', hashWebhookSecret('s3cret')), false);
  });

  test('a malformed stored hash matches nothing, without throwing', () => {
    assert.equal(webhookSecretMatches('s3cret', ''), false);
    assert.equal(webhookSecretMatches('s3cret', 'abcd'), false);
  });
});

/** A repository stub whose answers the test sets, counting lookups. */
function aRepository(answer: (tenantId: string) => Promise<TenantDoc | null>) {
  const lookups: string[] = [];
  return {
    lookups,
    find(tenantId: string) {
      lookups.push(tenantId);
      return answer(tenantId);
    },
  };
}

describe('the tenant read cache', () => {
  const ttlMs = 5_000;

  test('within the ttl, a tenant is read from the repository once', async () => {
    let clock = 1_000;
    const repository = aRepository(async (id) => aTenant(id));
    const cache = createTenantCache(repository, ttlMs, () => clock);
    const first = await cache.get('acme');
    clock += ttlMs - 1;
    assert.equal(await cache.get('acme'), first);
    assert.deepEqual(repository.lookups, ['acme']);
  });

  test('after the ttl, the tenant is read again and the new settings are seen', async () => {
    let clock = 1_000;
    let version = 1;
    const repository = aRepository(async (id) => aTenant(id, { settingsVersion: version }));
    const cache = createTenantCache(repository, ttlMs, () => clock);
    await cache.get('acme');
    version = 2;
    clock += ttlMs;
    assert.equal((await cache.get('acme'))?.settingsVersion, 2);
    assert.deepEqual(repository.lookups, ['acme', 'acme']);
  });

  test('each tenant is cached separately', async () => {
    const repository = aRepository(async (id) => aTenant(id));
    const cache = createTenantCache(repository, ttlMs, () => 0);
    assert.equal((await cache.get('acme'))?._id, 'acme');
    assert.equal((await cache.get('globex'))?._id, 'globex');
    assert.deepEqual(repository.lookups, ['acme', 'globex']);
  });

  test('concurrent reads of one tenant share one lookup', async () => {
    const repository = aRepository(async (id) => aTenant(id));
    const cache = createTenantCache(repository, ttlMs, () => 0);
    await Promise.all([cache.get('acme'), cache.get('acme'), cache.get('acme')]);
    assert.deepEqual(repository.lookups, ['acme']);
  });

  test('a failed lookup is not cached: the next read asks the repository again', async () => {
    let fail = true;
    const repository = aRepository(async (id) => {
      if (fail) throw new Error('database unavailable');
      return aTenant(id);
    });
    const cache = createTenantCache(repository, ttlMs, () => 0);
    await assert.rejects(cache.get('acme'), /database unavailable/);
    fail = false;
    assert.equal((await cache.get('acme'))?._id, 'acme');
    assert.equal(repository.lookups.length, 2);
  });

  test('an unknown tenant (null) is cached like any answer', async () => {
    const repository = aRepository(async () => null);
    const cache = createTenantCache(repository, ttlMs, () => 0);
    assert.equal(await cache.get('nobody'), null);
    assert.equal(await cache.get('nobody'), null);
    assert.equal(repository.lookups.length, 1);
  });

  test('invalidating a tenant makes the next read go to the repository', async () => {
    const repository = aRepository(async (id) => aTenant(id));
    const cache = createTenantCache(repository, ttlMs, () => 0);
    await cache.get('acme');
    cache.invalidate('acme');
    await cache.get('acme');
    assert.equal(repository.lookups.length, 2);
  });
});

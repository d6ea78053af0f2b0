import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { canonicalJson, contentHash, idempotencyIdFor } from './content-hash.js';

describe('content hash', () => {
  test('the order of object keys, at any depth, does not change the hash', () => {
    const a = { name: 'Acme', address: { city: 'London', code: 'EC1' }, tags: [1, 2] };
    const b = { tags: [1, 2], address: { code: 'EC1', city: 'London' }, name: 'Acme' };
    assert.equal(contentHash(a), contentHash(b));
  });

  test('a changed value changes the hash', () => {
    assert.notEqual(contentHash({ name: 'Acme' }), contentHash({ name: 'Acme Ltd' }));
  });

  test('the order of array items does change the hash', () => {
    assert.notEqual(contentHash([1, 2]), contentHash([2, 1]));
  });

  test('an undefined property hashes as if it were absent', () => {
    assert.equal(contentHash({ name: 'Acme', email: undefined }), contentHash({ name: 'Acme' }));
  });

  test('the hash is 64 hex characters of SHA-256', () => {
    assert.match(contentHash({}), /^[0-9a-f]{64}$/);
  });

  test('canonical JSON sorts keys and keeps nulls', () => {
    assert.equal(canonicalJson({ b: 1, a: { d: null, c: 'x' } }), '{"a":{"c":"x","d":null},"b":1}');
  });
});

describe('idempotency id', () => {
  test('the same parts always give the same id', () => {
    assert.equal(
      idempotencyIdFor('t1', 'organizations', '11x42', 'create'),
      idempotencyIdFor('t1', 'organizations', '11x42', 'create'),
    );
  });

  test('it is 32 lower-case hex characters, as Sage accepts', () => {
    assert.match(idempotencyIdFor('t1', 'organizations', '11x42'), /^[0-9a-f]{32}$/);
  });

  test('different parts give different ids', () => {
    const ids = new Set([
      idempotencyIdFor('t1', 'organizations', '11x42'),
      idempotencyIdFor('t2', 'organizations', '11x42'),
      idempotencyIdFor('t1', 'organizations', '11x43'),
      idempotencyIdFor('t1', 'products', '11x42'),
    ]);
    assert.equal(ids.size, 4);
  });
});

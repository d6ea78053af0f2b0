import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { createSecretBox } from './secret-box.js';

const aKey = () => randomBytes(32);

/** Rewrites one dot-separated part of a sealed value by flipping its first byte. */
function tampered(sealed: string, part: 1 | 2 | 3): string {
  const parts = sealed.split('.');
  const bytes = Buffer.from(parts[part]!, 'base64url');
  bytes[0] = bytes[0]! ^ 0xff;
  parts[part] = bytes.toString('base64url');
  return parts.join('.');
}

describe('sealing secrets at rest', () => {
  test('a sealed secret opens to the same text', () => {
    const box = createSecretBox(aKey());
    for (const secret of ['refresh-token-123', '', 'ünïcødé 🔑', 'x'.repeat(10_000)]) {
      assert.equal(box.open(box.seal(secret)), secret);
    }
  });

  test('the sealed form is versioned and does not contain the secret', () => {
    const sealed = createSecretBox(aKey()).seal('refresh-token-123');
    assert.match(sealed, /^v1\.[\w-]+\.[\w-]+\.[\w-]*$/);
    assert.equal(sealed.includes('refresh-token-123'), false);
  });

  test('sealing the same secret twice gives different values (a fresh IV each time)', () => {
    const box = createSecretBox(aKey());
    assert.notEqual(box.seal('same'), box.seal('same'));
  });

  for (const [part, name] of [
    [1, 'IV'],
    [2, 'authentication tag'],
    [3, 'ciphertext'],
  ] as const) {
    test(`when the ${name} was tampered with, opening fails`, () => {
      const box = createSecretBox(aKey());
      assert.throws(() => box.open(tampered(box.seal('refresh-token-123'), part)));
    });
  }

  test('a truncated authentication tag is refused, not accepted as a shorter tag', () => {
    const box = createSecretBox(aKey());
    const [version, iv, tag, body] = box.seal('refresh-token-123').split('.');
    const shortTag = Buffer.from(tag!, 'base64url').subarray(0, 4).toString('base64url');
    assert.throws(() => box.open([version, iv, shortTag, body].join('.')), /authentication tag/);
  });

  test('a value sealed with another key does not open', () => {
    const sealed = createSecretBox(aKey()).seal('refresh-token-123');
    assert.throws(() => createSecretBox(aKey()).open(sealed));
  });

  for (const notSealed of ['plain-text', 'v2.a.b.c', 'v1.a.b', '']) {
    test(`"${notSealed}" is refused as not a sealed secret`, () => {
      assert.throws(() => createSecretBox(aKey()).open(notSealed), /not a sealed secret/);
    });
  }

  test('a key that is not 32 bytes is refused', () => {
    assert.throws(() => createSecretBox(randomBytes(16)), /32-byte key/);
  });
});

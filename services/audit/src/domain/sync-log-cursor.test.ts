import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeCursor, encodeCursor } from './sync-log-cursor.js';

const anEntry = (overrides: Partial<{ at: Date; id: string }> = {}) => ({
  at: new Date('2025-03-01T12:00:00.123Z'),
  id: 'evt-0001-abcd:result',
  ...overrides,
});

const encoded = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('sync log cursors', () => {
  test("a cursor decodes to the entry's time and id", () => {
    assert.deepEqual(decodeCursor(encodeCursor(anEntry())), anEntry());
  });

  test('a cursor is URL-safe text', () => {
    assert.match(encodeCursor(anEntry({ id: '???>>>~~~' })), /^[A-Za-z0-9_-]+$/);
  });

  for (const [what, cursor] of [
    ['an empty string', ''],
    ['text that is not base64url JSON', 'not a cursor!'],
    ['JSON null', encoded(null)],
    ['JSON without an id', encoded({ at: '2025-03-01T12:00:00.000Z' })],
    ['JSON without a time', encoded({ id: 'x' })],
    ['JSON with a numeric id', encoded({ at: '2025-03-01T12:00:00.000Z', id: 42 })],
    ['JSON with an invalid time', encoded({ at: 'yesterday', id: 'x' })],
  ] as const) {
    test(`${what} is not a cursor`, () => {
      assert.equal(decodeCursor(cursor), undefined);
    });
  }
});

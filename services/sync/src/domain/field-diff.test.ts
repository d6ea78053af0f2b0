import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { diffFields } from './field-diff.js';

describe('field differences for the sync log', () => {
  test('identical snapshots have no changes', () => {
    assert.deepEqual(diffFields({ name: 'Acme', city: 'London' }, { city: 'London', name: 'Acme' }), []);
  });

  test('a changed field is reported with its old and new values', () => {
    assert.deepEqual(diffFields({ name: 'Acme', city: 'London' }, { name: 'Acme', city: 'Leeds' }), [
      { field: 'city', from: 'London', to: 'Leeds' },
    ]);
  });

  test('without a previous snapshot every field is a change from nothing, sorted by field', () => {
    assert.deepEqual(diffFields(undefined, { name: 'Acme', city: 'London' }), [
      { field: 'city', from: undefined, to: 'London' },
      { field: 'name', from: undefined, to: 'Acme' },
    ]);
  });

  test('a field that disappeared is a change to nothing', () => {
    assert.deepEqual(diffFields({ name: 'Acme', city: 'London' }, { name: 'Acme' }), [
      { field: 'city', from: 'London', to: undefined },
    ]);
  });

  test('null and undefined count as the same value', () => {
    assert.deepEqual(diffFields({ city: null }, { city: undefined }), []);
  });

  test('nested values are compared by content', () => {
    assert.deepEqual(diffFields({ lines: [{ qty: 1 }] }, { lines: [{ qty: 1 }] }), []);
    assert.equal(diffFields({ lines: [{ qty: 1 }] }, { lines: [{ qty: 2 }] }).length, 1);
  });
});

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Side } from '../../../../libs/contracts/src/modules.js';
import { mergeSnapshots, type ConflictPolicy } from './merge.js';

type Snap = { name: string; email: string; city: string };

const aSnapshot = (overrides: Partial<Snap> = {}): Snap => ({
  name: 'Acme',
  email: 'a@acme.example',
  city: 'London',
  ...overrides,
});

describe('three-way merge of organization snapshots', () => {
  test('when neither side changed, the merge is the base and there are no conflicts', () => {
    const base = aSnapshot();
    assert.deepEqual(mergeSnapshots(base, aSnapshot(), aSnapshot(), 'newest_wins', 'vtiger'), {
      merged: base,
      conflicts: [],
    });
  });

  test('when each side changed a different field, both changes are kept whatever the policy', () => {
    for (const policy of ['newest_wins', 'vtiger_wins', 'sage_wins'] as const) {
      const { merged, conflicts } = mergeSnapshots(
        aSnapshot(),
        aSnapshot({ name: 'Acme Ltd' }),
        aSnapshot({ city: 'Leeds' }),
        policy,
        'sage',
      );
      assert.deepEqual(merged, aSnapshot({ name: 'Acme Ltd', city: 'Leeds' }), policy);
      assert.deepEqual(conflicts, [], policy);
    }
  });

  test('when both sides made the same change, it is taken without a conflict', () => {
    const { merged, conflicts } = mergeSnapshots(
      aSnapshot(),
      aSnapshot({ city: 'Leeds' }),
      aSnapshot({ city: 'Leeds' }),
      'vtiger_wins',
      'sage',
    );
    assert.equal(merged.city, 'Leeds');
    assert.deepEqual(conflicts, []);
  });

  const conflictCases: Array<{ policy: ConflictPolicy; newer: Side; winner: Side }> = [
    { policy: 'newest_wins', newer: 'vtiger', winner: 'vtiger' },
    { policy: 'newest_wins', newer: 'sage', winner: 'sage' },
    { policy: 'vtiger_wins', newer: 'sage', winner: 'vtiger' },
    { policy: 'vtiger_wins', newer: 'vtiger', winner: 'vtiger' },
    { policy: 'sage_wins', newer: 'vtiger', winner: 'sage' },
    { policy: 'sage_wins', newer: 'sage', winner: 'sage' },
  ];
  for (const { policy, newer, winner } of conflictCases) {
    test(`when both sides changed a field differently under ${policy} with ${newer} newer, ${winner}'s value wins and both values are reported`, () => {
      const { merged, conflicts } = mergeSnapshots(
        aSnapshot(),
        aSnapshot({ email: 'v@acme.example', name: 'Acme Ltd' }),
        aSnapshot({ email: 's@acme.example' }),
        policy,
        newer,
      );
      assert.equal(merged.email, winner === 'vtiger' ? 'v@acme.example' : 's@acme.example');
      assert.equal(merged.name, 'Acme Ltd', 'a one-sided change is kept alongside the conflict');
      assert.deepEqual(conflicts, [
        { field: 'email', vtiger: 'v@acme.example', sage: 's@acme.example', winner },
      ]);
    });
  }

  test('a field missing from the base but set on one side is taken from that side', () => {
    const base = { name: 'Acme' } as Record<string, unknown>;
    const { merged, conflicts } = mergeSnapshots(
      base,
      { name: 'Acme', city: 'Leeds' },
      { name: 'Acme' },
      'sage_wins',
      'sage',
    );
    assert.deepEqual(merged, { name: 'Acme', city: 'Leeds' });
    assert.deepEqual(conflicts, []);
  });

  test('the base is not modified', () => {
    const base = aSnapshot();
    mergeSnapshots(base, aSnapshot({ name: 'X' }), aSnapshot({ name: 'Y' }), 'newest_wins', 'sage');
    assert.deepEqual(base, aSnapshot());
  });
});

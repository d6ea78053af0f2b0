import type { Side } from '../../../../libs/contracts/src/modules.js';

export type ConflictPolicy = 'newest_wins' | 'vtiger_wins' | 'sage_wins';

export interface FieldConflict {
  field: string;
  vtiger: unknown;
  sage: unknown;
  winner: Side;
}

/**
 * Three-way merge of two sides' snapshots against the last one both agreed on: a field changed on
 * one side takes that side's value; a field changed differently on both follows the tenant's
 * policy, and is reported so the sync log can show both values.
 */
export function mergeSnapshots<T extends Record<string, unknown>>(
  base: T,
  vtiger: T,
  sage: T,
  policy: ConflictPolicy,
  newer: Side,
): { merged: T; conflicts: FieldConflict[] } {
  const merged = { ...base };
  const conflicts: FieldConflict[] = [];
  const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
  for (const field of Object.keys({ ...base, ...vtiger, ...sage }) as Array<keyof T & string>) {
    const v = vtiger[field];
    const s = sage[field];
    if (same(v, s)) merged[field] = v;
    else if (same(v, base[field])) merged[field] = s;
    else if (same(s, base[field])) merged[field] = v;
    else {
      const winner: Side = policy === 'vtiger_wins' ? 'vtiger' : policy === 'sage_wins' ? 'sage' : newer;
      merged[field] = winner === 'vtiger' ? v : s;
      conflicts.push({ field, vtiger: v, sage: s, winner });
    }
  }
  return { merged, conflicts };
}

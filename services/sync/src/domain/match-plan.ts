import type { OrganizationSnapshot } from './organization-mapping.js';

/**
 * First-sync matching: before creating a record on the other side, look for it there by
 * reference, then email, then normalised name. One candidate links; several is ambiguous.
 */
export type MatchDecision<C> =
  | { kind: 'none' }
  | { kind: 'one'; candidate: C; by: MatchKey }
  | { kind: 'ambiguous'; candidates: C[]; by: MatchKey };

export type MatchKey = 'reference' | 'email' | 'name';

export function normaliseName(name: string): string {
  return name
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, ' ')
    .replace(/\b(ltd|limited|inc|llc|plc|gmbh|co|company|corp|corporation)\b/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

export function matchOrganization<C>(
  wanted: OrganizationSnapshot,
  candidates: ReadonlyArray<{ snapshot: OrganizationSnapshot; candidate: C }>,
): MatchDecision<C> {
  const keys: Array<[MatchKey, (o: OrganizationSnapshot) => string]> = [
    ['reference', (o) => o.reference.toLowerCase()],
    ['email', (o) => o.email.toLowerCase()],
    ['name', (o) => normaliseName(o.name)],
  ];
  for (const [by, keyOf] of keys) {
    const key = keyOf(wanted);
    if (!key) continue;
    const hits = candidates.filter((c) => keyOf(c.snapshot) === key).map((c) => c.candidate);
    if (hits.length === 1) return { kind: 'one', candidate: hits[0]!, by };
    if (hits.length > 1) return { kind: 'ambiguous', candidates: hits, by };
  }
  return { kind: 'none' };
}

/**
 * What to ask Sage's `search` for when looking for a name: Sage matches substrings of the raw
 * name, so "Acme Widgets Ltd" would never find "Acme Widgets Limited". One distinctive word finds
 * every spelling; matchOrganization then compares normalised names.
 */
export function nameSearchTerm(name: string): string | undefined {
  const words = normaliseName(name)
    .split(' ')
    .filter((w) => w.length >= 3);
  return words.sort((a, b) => b.length - a.length)[0];
}

export interface FieldChange {
  field: string;
  from?: unknown;
  to?: unknown;
}

/** Flat field-by-field differences between two snapshots, for the sync log's `changes`. */
export function diffFields(
  before: Record<string, unknown> | undefined,
  after: Record<string, unknown>,
): FieldChange[] {
  const previous = before ?? {};
  const fields = new Set([...Object.keys(previous), ...Object.keys(after)]);
  const changes: FieldChange[] = [];
  for (const field of [...fields].sort()) {
    const from = previous[field];
    const to = after[field];
    if (JSON.stringify(from ?? null) !== JSON.stringify(to ?? null)) changes.push({ field, from, to });
  }
  return changes;
}

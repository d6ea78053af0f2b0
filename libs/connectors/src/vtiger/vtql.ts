/** Small helpers for building VTQL safely. */

/** Quotes a value for VTQL: single quotes, with quotes and backslashes escaped. */
export function vtqlString(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/** Removes a trailing ";" and whitespace so a LIMIT can be appended. */
export function withoutTerminator(query: string): string {
  return query.trim().replace(/;\s*$/, '').trim();
}

export function hasOrderBy(query: string): boolean {
  return /\border\s+by\b/i.test(query);
}

export function hasLimit(query: string): boolean {
  return /\blimit\s+\d+(\s*,\s*\d+)?\s*$/i.test(query);
}

/** One page of a paged query; Vtiger caps pages at 100 rows. */
export function pageQuery(selectWithoutLimit: string, offset: number, pageSize = 100): string {
  const base = withoutTerminator(selectWithoutLimit);
  const ordered = hasOrderBy(base) ? base : `${base} ORDER BY id`;
  return `${ordered} LIMIT ${offset},${pageSize};`;
}

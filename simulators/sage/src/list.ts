import { isoSeconds, truncateToSecond } from './format.js';
import type { Query, ResourceDef } from './resources/resource.js';
import { SageApiError, recordInvalid } from './sage-errors.js';
import type { BusinessState, StoredRecord } from './store.js';

export const DEFAULT_ITEMS_PER_PAGE = 20;
export const MAX_ITEMS_PER_PAGE = 200;

const BASE_ATTRIBUTES = ['id', 'displayed_as', '$path'];

/**
 * `attributes` selects what a record shows: lists default to the base link only, single GETs to
 * everything; `all` shows everything and a comma list adds those fields to the base link.
 */
export function project(
  full: Record<string, unknown>,
  attributes: string | undefined,
  defaultAll: boolean,
): Record<string, unknown> {
  if (attributes === 'all' || (attributes === undefined && defaultAll)) return full;
  const wanted = new Set([...BASE_ATTRIBUTES, ...(attributes ?? '').split(',').map((a) => a.trim())]);
  return Object.fromEntries(Object.entries(full).filter(([key]) => wanted.has(key)));
}

/** Accepts what Sage documents: a date (2019-03-21) or a date-time with Z or an offset. */
function parseSince(query: Query, name: string): number | undefined {
  const raw = query[name];
  if (raw === undefined) return undefined;
  const value = /^\d{4}-\d{2}-\d{2}$/.test(raw) ? `${raw}T00:00:00Z` : raw;
  const ms = Date.parse(value);
  if (!/^\d{4}-\d{2}-\d{2}/.test(raw) || Number.isNaN(ms)) {
    throw recordInvalid([
      { source: name, message: 'is not a valid date or date-time', code: 'InvalidParameter' },
    ]);
  }
  return ms;
}

function positiveInt(query: Query, name: string, fallback: number): number {
  const raw = query[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) {
    throw new SageApiError(400, [
      {
        $severity: 'error',
        $dataCode: 'InvalidParameter',
        $message: `${name} must be a positive integer`,
        $source: name,
      },
    ]);
  }
  return n;
}

export interface ListEnvelope {
  $total: number;
  $page: number;
  $next: string | null;
  $back: string | null;
  $itemsPerPage: number;
  $items: Record<string, unknown>[];
}

export function listRecords<T>(def: ResourceDef<T>, biz: BusinessState, query: Query): ListEnvelope {
  const itemsPerPage = Math.min(
    positiveInt(query, 'items_per_page', DEFAULT_ITEMS_PER_PAGE),
    MAX_ITEMS_PER_PAGE,
  );
  const requestedPage = positiveInt(query, 'page', 1);
  const updatedSince =
    def.changeFilters !== 'none' ? parseSince(query, 'updated_or_created_since') : undefined;
  const deletedSince = def.changeFilters === 'both' ? parseSince(query, 'deleted_since') : undefined;

  let records: StoredRecord<T>[] = [];
  for (const record of def.collection(biz).values()) {
    if (deletedSince !== undefined) {
      // deleted_since is exclusive of the timestamp and lists only deleted records.
      if (record.deletedAt === undefined || truncateToSecond(record.deletedAt) <= deletedSince) continue;
    } else {
      if (record.deletedAt !== undefined) continue;
      // updated_or_created_since is inclusive, at the second precision Sage shows.
      if (updatedSince !== undefined && truncateToSecond(record.updatedAt) < updatedSince) continue;
      if (def.matches && !def.matches(record, query, biz)) continue;
    }
    records.push(record);
  }
  if (def.sort) records = def.sort(records, query);

  const total = records.length;
  const lastPage = Math.max(1, Math.ceil(total / itemsPerPage));
  // Sage answers a page past the end with the last page rather than an empty one.
  const page = Math.min(requestedPage, lastPage);
  const slice = records.slice((page - 1) * itemsPerPage, page * itemsPerPage);
  const items = slice.map((record) => {
    const full = def.render(record, biz);
    if (deletedSince !== undefined) {
      return {
        id: full.id,
        displayed_as: full.displayed_as,
        $path: full.$path,
        deleted_at: isoSeconds(record.deletedAt!),
      };
    }
    return project(full, query.attributes, false);
  });
  const pageLink = (n: number) => {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query)) {
      if (value !== undefined && key !== 'page' && key !== 'items_per_page') params.set(key, value);
    }
    params.set('page', String(n));
    params.set('items_per_page', String(itemsPerPage));
    return `/${def.name}?${params.toString()}`;
  };
  return {
    $total: total,
    $page: page,
    $next: page < lastPage ? pageLink(page + 1) : null,
    $back: page > 1 ? pageLink(page - 1) : null,
    $itemsPerPage: itemsPerPage,
    $items: items,
  };
}

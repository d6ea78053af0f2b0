import type { FieldReader } from '../fields.js';
import { isoSeconds, link, type Link } from '../format.js';
import type { LookupItem } from '../reference-data.js';
import type { BusinessState, Collection, StoredRecord } from '../store.js';

export interface WriteContext {
  biz: BusinessState;
  now: number;
}

export interface ApiResult {
  status: number;
  body?: unknown;
}

export type Query = Record<string, string | undefined>;

/**
 * One Sage resource: how it is stored, validated, rendered and filtered. The API router turns
 * these into the standard list/get/post/put/delete endpoints, so envelope, attributes, change
 * filters and idempotency behave identically across resources, as they do in Sage.
 */
export interface ResourceDef<T> {
  /** Path segment and `$path` prefix, e.g. `contacts`. */
  name: string;
  /** Key wrapping write bodies, e.g. `contact`. */
  singular: string;
  /** Which change filters the spec lists for this resource's GET. */
  changeFilters: 'both' | 'updated' | 'none';
  collection(biz: BusinessState): Collection<T>;
  displayedAs(record: StoredRecord<T>, biz: BusinessState): string;
  /** The full representation (what `attributes=all` and a single GET return). */
  render(record: StoredRecord<T>, biz: BusinessState): Record<string, unknown>;
  create?(input: FieldReader, ctx: WriteContext): StoredRecord<T>;
  update?(record: StoredRecord<T>, input: FieldReader, ctx: WriteContext): void;
  remove?(record: StoredRecord<T>, ctx: WriteContext, query: Query): ApiResult;
  /** Resource-specific list filters (search, contact_id, ...). */
  matches?(record: StoredRecord<T>, query: Query, biz: BusinessState): boolean;
  /** Resource-specific ordering (only sales invoices take `sort`). */
  sort?(records: StoredRecord<T>[], query: Query): StoredRecord<T>[];
}

export function baseFields<T>(
  resource: string,
  record: StoredRecord<T>,
  displayedAs: string,
): Record<string, unknown> {
  return {
    id: record.id,
    displayed_as: displayedAs,
    $path: `/${resource}/${record.id}`,
    created_at: isoSeconds(record.createdAt),
    updated_at: isoSeconds(record.updatedAt),
    ...(record.deletedAt !== undefined ? { deleted_at: isoSeconds(record.deletedAt) } : {}),
  };
}

export function lookupLink(resource: string, items: LookupItem[], id: string | undefined): Link | null {
  if (!id) return null;
  const item = items.find((i) => i.id === id);
  return link(resource, id, item?.displayed_as ?? id);
}

export function recordLink<T>(
  def: Pick<ResourceDef<T>, 'name' | 'collection' | 'displayedAs'>,
  biz: BusinessState,
  id: string | undefined,
): Link | null {
  if (!id) return null;
  const record = def.collection(biz).get(id);
  return link(def.name, id, record ? def.displayedAs(record, biz) : id);
}

export function containsText(haystack: (string | undefined)[], needle: string | undefined): boolean {
  if (!needle) return true;
  const n = needle.toLowerCase();
  return haystack.some((h) => h?.toLowerCase().includes(n));
}

/** A read-only lookup (contact types, countries, currencies...) served from static data. */
export function lookupResource(
  name: string,
  items: (biz: BusinessState) => LookupItem[],
): ResourceDef<LookupItem> {
  return {
    name,
    singular: name.replace(/s$/, ''),
    changeFilters: 'none',
    collection(biz) {
      return new Map(
        items(biz).map((item) => [
          item.id,
          { id: item.id, createdAt: biz.createdAt, updatedAt: biz.createdAt, data: item },
        ]),
      );
    },
    displayedAs: (record) => record.data.displayed_as,
    render: (record) => ({
      id: record.id,
      displayed_as: record.data.displayed_as,
      $path: `/${name}/${record.id}`,
    }),
  };
}

/** Runs a parsed VTQL query against the simulated database with the server's row shapes. */
import { MODULES } from './module-definitions.js';
import { printLine } from './inventory.js';
import { printFields, wsIdOf } from './records.js';
import { liveRecords, type SimState, type StoredRecord } from './sim-state.js';
import { compareValues, matches, parseVtql, type Condition, type VtqlQuery } from './vtql.js';
import { denied, internalError, WsError } from './ws-errors.js';

type Row = Record<string, unknown>;

interface Source {
  rows: Row[];
  columns: Set<string>;
  /** For Invoice SELECT *: LIMIT counts joined line rows, so each row knows its line count. */
  lineCounts?: number[];
}

const INVOICE_LINE_COLUMNS = ['productid', 'quantity', 'listprice', 'comment', 'tax1', 'tax2', 'tax3'];

function invoiceStarRow(state: SimState, record: StoredRecord): Row {
  // SELECT * joins the line table: one row per invoice carrying the LAST line's columns (observed).
  const fields = printFields(state, record);
  const last = record.lines[record.lines.length - 1]?.values ?? {};
  const row: Row = {};
  for (const [k, v] of Object.entries(fields)) {
    if (k === 'hdnDiscountPercent') row.discount_percent = last.discount_percent ?? '';
    else if (k === 'hdnDiscountAmount') row.discount_amount = last.discount_amount ?? '';
    else if (k === 'pre_tax_total') {
      for (const c of INVOICE_LINE_COLUMNS) row[c] = last[c] ?? '';
      row[k] = v;
    } else if (k === 'source') {
      row.image = last.image ?? '';
      row.purchase_cost = last.purchase_cost ?? '';
      row.margin = last.margin ?? '';
      row[k] = v;
    } else row[k] = v;
  }
  row.id = wsIdOf(record);
  return row;
}

function sourceFor(state: SimState, query: VtqlQuery): Source {
  const module = MODULES[query.module];
  if (module) {
    const records = liveRecords(state, module.name);
    const columns = new Set(['id', ...module.fields.map((f) => f.name)]);
    if (module.inventory && query.columns === '*') {
      return {
        rows: records.map((r) => invoiceStarRow(state, r)),
        columns,
        lineCounts: records.map((r) => Math.max(1, r.lines.length)),
      };
    }
    return { rows: records.map((r) => ({ ...printFields(state, r), id: wsIdOf(r) })), columns };
  }
  switch (query.module) {
    case 'Tax': {
      const rows = state.taxes.map((t) => ({
        id: `34x${t.id}`,
        taxname: t.taxname,
        taxlabel: t.taxlabel,
        percentage: t.percentage,
        deleted: '0',
        method: 'Simple',
        type: 'Fixed',
        compoundon: '[]',
        regions: '[]',
      }));
      return { rows, columns: new Set(Object.keys(rows[0] ?? { id: '' })) };
    }
    case 'Currency': {
      const rows = state.currencies.map(({ id, ...c }) => ({ id: `21x${id}`, ...c, deleted: '0' }));
      return { rows, columns: new Set(Object.keys(rows[0] ?? { id: '' })) };
    }
    case 'LineItem': {
      const rows = liveRecords(state, 'Invoice').flatMap((r) =>
        r.lines.map((l) => printLine(state, l, wsIdOf(r))),
      );
      return {
        rows,
        columns: new Set(['id', 'parent_id', 'productid', 'sequence_no', 'quantity', 'listprice', 'comment']),
      };
    }
    case 'ProductTaxes':
      // Listed by listtypes, but a query answers [] although products have taxes (observed).
      return { rows: [], columns: new Set(['id', 'productid', 'taxid', 'taxpercentage']) };
    default:
      throw denied(` for name : ${query.module}`);
  }
}

const WS_ID = /^\d+x(\d+)$/;

function conditionHolds(cond: Condition, row: Row, kind: string | undefined): boolean {
  if (cond.values.some((v) => v.doubleQuoted)) throw internalError();
  const actual = row[cond.column];
  let text = actual === null || actual === undefined ? '' : String(actual);
  if (kind === 'reference' || kind === 'owner' || cond.column === 'id') {
    // References compare as crmids: "19x999" matches an owner stored as "999".
    if (cond.values.some((v) => v.value === '')) throw internalError();
    const num = (s: string) => WS_ID.exec(s)?.[1] ?? s;
    text = num(text);
    return matches({ ...cond, values: cond.values.map((v) => ({ ...v, value: num(v.value) })) }, text);
  }
  return matches(cond, text);
}

export function runQuery(state: SimState, text: string): Row[] {
  const query = parseVtql(text);
  const source = sourceFor(state, query);
  const kinds = new Map(MODULES[query.module]?.fields.map((f) => [f.name, f.kind]) ?? []);
  const referenced = [
    ...(Array.isArray(query.columns) ? query.columns : []),
    ...query.where.flat().map((c) => c.column),
    ...query.orderBy,
  ];
  const unknown = referenced.find((c) => !source.columns.has(c));
  if (unknown) throw new WsError('ACCESS_DENIED', `Permission to access '.${unknown}.' attribute denied.`);

  const keep: number[] = [];
  source.rows.forEach((row, i) => {
    if (
      query.where.length === 0 ||
      query.where.some((g) => g.every((c) => conditionHolds(c, row, kinds.get(c.column))))
    ) {
      keep.push(i);
    }
  });
  if (query.columns === 'count') return [{ count: String(keep.length) }];
  if (query.orderBy.length) {
    keep.sort((a, b) => {
      for (const col of query.orderBy) {
        const d = compareValues(String(source.rows[a]?.[col] ?? ''), String(source.rows[b]?.[col] ?? ''));
        if (d !== 0) return query.descending ? -d : d;
      }
      return a - b;
    });
  }
  let page: number[];
  if (source.lineCounts) {
    page = [];
    let seen = 0;
    for (const i of keep) {
      const count = source.lineCounts[i] ?? 1;
      if (seen + count <= query.offset) {
        seen += count;
        continue;
      }
      if (seen >= query.offset + query.limit) break;
      page.push(i);
      seen += count;
    }
  } else page = keep.slice(query.offset, query.offset + query.limit);
  const rows = page.map((i) => source.rows[i] ?? {});
  if (query.columns === '*') return rows;
  const columns = query.columns;
  return rows.map((row) => {
    const out: Row = {};
    for (const c of columns) out[c] = row[c];
    // id is always added to the selected columns, last.
    if (!('id' in out)) out.id = row.id;
    return out;
  });
}

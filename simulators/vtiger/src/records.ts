/**
 * Entity records: the create/update/revise/delete semantics of VtigerModuleOperation on 8.2.0 and the
 * shapes retrieve, query and the write operations answer.
 */
import { MODULES, MODULE_BY_PREFIX, type FieldDef, type ModuleDef } from './module-definitions.js';
import {
  adjustStock,
  applyTotals,
  buildLines,
  computeTotals,
  finalDetails,
  printLine,
  type InventoryTotals,
} from './inventory.js';
import { insertRecord, liveRecords, nextLineId, type SimState, type StoredRecord } from './sim-state.js';
import { denied, mandatoryMissing, PhpCrash, WsError } from './ws-errors.js';
import {
  fixed,
  formatDateTime,
  htmlEntities,
  normalizeDate,
  phpBoolean,
  phpFloat,
  phpInt,
  roundHalfUp,
} from './values.js';

export interface Actor {
  userId: number;
}

export type Source = 'WEBSERVICE' | 'CRM';

const NUMERIC_DEFAULTS: Partial<Record<FieldDef['kind'], string>> = {
  money: fixed(0, 8),
  decimal8: fixed(0, 8),
  decimal3: fixed(0, 3),
  decimal2: fixed(0, 2),
  integer: '0',
  boolean: '0',
};

/** Nullable inventory amounts that stay "" until a value is sent. */
const BLANK_UNTIL_SET = new Set(['hdnDiscountPercent', 'hdnDiscountAmount']);

function defaultValue(field: FieldDef, module: ModuleDef): string {
  if (BLANK_UNTIL_SET.has(field.name)) return '';
  if (module.inventory && field.name === 'conversion_rate') return fixed(1, 3);
  return NUMERIC_DEFAULTS[field.kind] ?? '';
}

const WS_ID = /^(\d+)x(\d+)$/;

function normalizeOwner(state: SimState, raw: unknown): string {
  const text = String(raw ?? '').trim();
  const ws = WS_ID.exec(text);
  if (ws && ws[1] === '20') return text;
  const num = ws ? Number(ws[2]) : phpInt(text);
  // The owner is not validated: an unknown user is stored and read back as a bare number (observed).
  return state.users.some((u) => u.id === num) ? `19x${num}` : String(num);
}

function normalizeReference(state: SimState, field: FieldDef, raw: unknown): string {
  const text = String(raw ?? '').trim();
  if (text === '') return '';
  const ws = WS_ID.exec(text);
  const module = ws ? MODULE_BY_PREFIX[ws[1] ?? ''] : undefined;
  if (!ws || !module || !(field.refersTo ?? []).includes(module)) {
    throw new WsError('REFERENCE_INVALID', `Invalid reference specified for ${field.name}`);
  }
  if (module === 'Currency') {
    const currency = state.currencies.find((c) => c.id === Number(ws[2]));
    if (!currency || currency.currency_status !== 'Active') {
      throw new WsError('CURRENCY_INACTIVE', 'Currency specified is inactive');
    }
  }
  return text;
}

export function normalizeValue(state: SimState, module: ModuleDef, field: FieldDef, raw: unknown): string {
  if ((raw === '' || raw === null) && field.kind !== 'reference') return defaultValue(field, module);
  switch (field.kind) {
    case 'money':
      return fixed(roundHalfUp(phpFloat(raw), 2), 8);
    case 'decimal8':
      return fixed(phpFloat(raw), 8);
    case 'decimal3':
      return fixed(phpFloat(raw), 3);
    case 'decimal2':
      return fixed(phpFloat(raw), 2);
    case 'integer':
      return String(phpInt(raw));
    case 'boolean':
      return phpBoolean(raw);
    case 'date':
      return normalizeDate(raw);
    case 'reference':
      return normalizeReference(state, field, raw);
    case 'owner':
      return normalizeOwner(state, raw);
    default:
      return typeof raw === 'object' ? JSON.stringify(raw) : String(raw ?? '');
  }
}

const WRITABLE_KINDS = new Set<FieldDef['kind']>(['autonumber', 'system', 'datetime']);

function writableFields(module: ModuleDef): FieldDef[] {
  return module.fields.filter((f) => !WRITABLE_KINDS.has(f.kind));
}

function isBlank(value: unknown): boolean {
  return value === undefined || value === null || value === '';
}

function checkDuplicates(
  state: SimState,
  module: ModuleDef,
  name: string | null | undefined,
  selfId?: number,
) {
  // Only Accounts reject duplicates (accountname isunique), case-insensitively, ignoring deleted records.
  if (module.name !== 'Accounts' || !name) return;
  const wanted = name.toLowerCase();
  for (const r of liveRecords(state, 'Accounts')) {
    if (r.crmid !== selfId && (r.values.accountname ?? '').toLowerCase() === wanted) {
      throw new WsError(0, 'Duplicate(s) detected!');
    }
  }
}

function applyPricedExtras(record: StoredRecord, element: Record<string, unknown>): void {
  for (const key of ['tax1', 'tax2', 'tax3']) {
    // Sending "tax1":"20" enables tax1 on the product at 20 %; only enabled taxes are returned.
    if (!isBlank(element[key])) record.taxes[key] = fixed(phpFloat(element[key]), 3);
  }
}

function applyCharges(record: StoredRecord, element: Record<string, unknown>): void {
  if ('shipping_&_handling' in element) {
    record.charges.shipping =
      element['shipping_&_handling'] === null ? null : String(element['shipping_&_handling']);
  }
  for (const key of ['1', '2', '3']) {
    const v = element[`shipping_&_handling_shtax${key}`];
    // A zero rate is what retrieve prints for "no tax", so sending it back keeps the tax off.
    if (!isBlank(v) && phpFloat(v) !== 0) record.charges.shTaxes[`shtax${key}`] = String(v);
  }
}

function lineInputs(element: Record<string, unknown>): Record<string, unknown>[] | undefined {
  const lines = element.LineItems;
  if (!Array.isArray(lines)) return undefined;
  return lines.filter((l): l is Record<string, unknown> => typeof l === 'object' && l !== null);
}

function touch(record: StoredRecord, actor: Actor, nowMs: number): void {
  record.modifiedMs = nowMs;
  record.values.modifiedtime = formatDateTime(nowMs);
  record.values.modifiedby = `19x${actor.userId}`;
}

export function moduleForCreate(name: unknown): ModuleDef {
  const module = MODULES[String(name ?? '')];
  if (!module) throw denied();
  return module;
}

export function createRecord(
  state: SimState,
  module: ModuleDef,
  element: Record<string, unknown>,
  actor: Actor,
  nowMs: number,
  source: Source,
): StoredRecord {
  const input = { ...element };
  if (module.name === 'Services' && isBlank(input.assigned_user_id))
    input.assigned_user_id = `19x${actor.userId}`;
  for (const field of module.fields)
    if (field.mandatory && isBlank(input[field.name])) throw mandatoryMissing(field.name);
  const lines = module.inventory ? lineInputs(input) : undefined;
  if (module.inventory && (!lines || lines.length === 0)) {
    throw new WsError('MANDATORY_FIELDS_MISSING', 'Mandatory Fields Missing..');
  }
  const values: StoredRecord['values'] = {};
  for (const field of module.fields) {
    values[field.name] =
      field.name in input && !WRITABLE_KINDS.has(field.kind)
        ? normalizeValue(state, module, field, input[field.name])
        : defaultValue(field, module);
  }
  checkDuplicates(state, module, values.accountname);
  const crmid = state.nextCrmid++;
  const record: StoredRecord = {
    crmid,
    module: module.name,
    values,
    modifiedMs: nowMs,
    deleted: false,
    taxes: {},
    lines: [],
    charges: { shipping: null, shTaxes: {} },
  };
  if (module.autonumberPrefix) {
    const n = (state.autonumbers[module.name] = (state.autonumbers[module.name] ?? 0) + 1);
    const autoField = module.fields.find((f) => f.kind === 'autonumber');
    if (autoField) values[autoField.name] = `${module.autonumberPrefix}${n}`;
  }
  values.createdtime = formatDateTime(nowMs);
  values.source = source;
  touch(record, actor, nowMs);
  if (module.priced) applyPricedExtras(record, input);
  if (module.inventory && lines) {
    applyCharges(record, input);
    record.lines = buildLines(state, lines, values.hdnTaxType ?? '', nextLineId(state));
    applyTotals(values, computeTotals(state, record.lines, values, record.charges));
    values.balance = values.hdnGrandTotal ?? null;
    adjustStock(state, record.lines, -1);
  }
  insertRecord(state, record);
  return record;
}

/** Resolves an id the way Retrieve/Update/Revise/Delete.php check it, in their order. */
export function resolveId(state: SimState, id: unknown): StoredRecord {
  const text = String(id ?? '');
  const ws = WS_ID.exec(text);
  if (!ws) throw denied(' for id');
  const module = MODULE_BY_PREFIX[ws[1] ?? ''];
  if (!module) throw denied(' for id');
  const record = state.records.get(Number(ws[2]));
  if (!record || record.deleted) throw denied();
  if (record.module !== module) throw new WsError('INVALID_ID_ATTRIBUTE', 'Id specified is incorrect');
  return record;
}

/** PHP 8 TypeErrors in sanitizeShippingTaxes for the values retrieve itself returns (observed). */
function guardInventoryTypeErrors(element: Record<string, unknown>): void {
  if (element.hdnDiscountAmount === '') throw new PhpCrash('float - string');
  if ('shipping_&_handling' in element && isBlank(element['shipping_&_handling']))
    throw new PhpCrash('int + string');
}

function overlay(state: SimState, module: ModuleDef, record: StoredRecord, element: Record<string, unknown>) {
  const next = { ...record.values };
  for (const field of writableFields(module)) {
    if (field.name in element) next[field.name] = normalizeValue(state, module, field, element[field.name]);
  }
  return next;
}

function replaceLines(state: SimState, record: StoredRecord, lines: Record<string, unknown>[]): void {
  // Observed stock drift: the old quantities are given back twice and the new ones deducted once.
  adjustStock(state, record.lines, 1, 2);
  record.lines = [];
  record.lines = buildLines(state, lines, record.values.hdnTaxType ?? '', nextLineId(state));
  applyTotals(record.values, computeTotals(state, record.lines, record.values, record.charges));
  adjustStock(state, record.lines, -1);
}

/** The part revise and update share: the sent fields laid over the stored ones, then checked. */
function writeFields(
  state: SimState,
  module: ModuleDef,
  record: StoredRecord,
  element: Record<string, unknown>,
): void {
  if (module.inventory) guardInventoryTypeErrors(element);
  const values = overlay(state, module, record, element);
  checkDuplicates(state, module, values.accountname, record.crmid);
  record.values = values;
  if (module.priced) applyPricedExtras(record, element);
}

export function reviseRecord(
  state: SimState,
  element: Record<string, unknown>,
  actor: Actor,
  nowMs: number,
): StoredRecord {
  const record = resolveId(state, element.id);
  const module = MODULES[record.module];
  if (!module) throw denied();
  for (const field of module.fields) {
    if (field.mandatory && field.name in element && isBlank(element[field.name]))
      throw mandatoryMissing(field.name);
  }
  writeFields(state, module, record, element);
  if (module.inventory) {
    applyCharges(record, element);
    const lines = lineInputs(element);
    if (lines) {
      // A revise with lines but without hdnTaxType resets the type to "" (observed trap).
      if (!('hdnTaxType' in element)) record.values.hdnTaxType = '';
      replaceLines(state, record, lines);
    } else if ('shipping_&_handling' in element) {
      record.values.hdnS_H_Amount = fixed(phpFloat(record.charges.shipping), 8);
    }
  }
  touch(record, actor, nowMs);
  return record;
}

export function updateRecord(
  state: SimState,
  element: Record<string, unknown>,
  actor: Actor,
  nowMs: number,
): StoredRecord {
  const record = resolveId(state, element.id);
  const module = MODULES[record.module];
  if (!module) throw denied();
  // update is not partial: every mandatory field must be sent (the header productid included).
  for (const field of module.fields)
    if (field.mandatory && isBlank(element[field.name])) throw mandatoryMissing(field.name);
  writeFields(state, module, record, element);
  if (module.inventory) {
    applyCharges(record, element);
    record.charges.shipping = record.charges.shipping ?? fixed(0, 8);
    record.values.region_id = record.values.region_id || '0';
    const lines = lineInputs(element);
    if (lines) replaceLines(state, record, lines);
  }
  touch(record, actor, nowMs);
  return record;
}

export function deleteRecord(state: SimState, id: unknown, actor: Actor, nowMs: number): StoredRecord {
  const record = resolveId(state, id);
  if (!MODULES[record.module]) throw denied();
  record.deleted = true;
  touch(record, actor, nowMs);
  if (record.module === 'Invoice') adjustStock(state, record.lines, 1);
  return record;
}

export function wsIdOf(record: StoredRecord): string {
  return `${MODULES[record.module]?.idPrefix ?? '0'}x${record.crmid}`;
}

function labelOf(module: ModuleDef, record: StoredRecord): string {
  const text = module.labelFields
    .map((f) => record.values[f] ?? '')
    .filter(Boolean)
    .join(' ');
  return htmlEntities(text);
}

function readReference(state: SimState, value: string | null): string | null {
  if (!value) return value;
  const ws = WS_ID.exec(value);
  if (!ws) return value;
  const module = MODULE_BY_PREFIX[ws[1] ?? ''];
  if (module === 'Currency') return state.currencies.some((c) => c.id === Number(ws[2])) ? value : '';
  if (module === 'Users' || module === 'Groups') return value;
  // A reference to a record that never existed is stored as a bare number and reads back "" (observed).
  return state.records.has(Number(ws[2])) ? value : '';
}

/** The stored fields in module order, as query SELECT * and retrieve print them. */
export function printFields(state: SimState, record: StoredRecord): Record<string, unknown> {
  const module = MODULES[record.module];
  const out: Record<string, unknown> = {};
  if (!module) return out;
  for (const field of module.fields) {
    if (module.inventory && field.name === 'productid') continue;
    const v = record.values[field.name] ?? '';
    out[field.name] = field.kind === 'reference' ? readReference(state, v) : v;
  }
  return out;
}

function pricedExtras(state: SimState, record: StoredRecord): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const t of state.taxes)
    if (record.taxes[t.taxname] !== undefined) out[t.taxname] = record.taxes[t.taxname];
  out.currency1 = phpFloat(record.values.unit_price);
  out.currency_id = '21x1';
  return out;
}

function shippingKeys(record: StoredRecord): Record<string, unknown> {
  const out: Record<string, unknown> = { 'shipping_&_handling': record.charges.shipping };
  const sent = Object.entries(record.charges.shTaxes);
  if (sent.length) for (const [k, v] of sent) out[`shipping_&_handling_${k}`] = v;
  else for (const n of [1, 2, 3]) out[`shipping_&_handling_shtax${n}`] = 0;
  return out;
}

function flatLineColumns(record: StoredRecord, empty: boolean): Record<string, unknown> {
  const last = record.lines[record.lines.length - 1]?.values;
  const pick = (k: string) => (empty ? '' : (last?.[k] ?? ''));
  return {
    productid: empty ? null : (record.lines[0]?.values.productid ?? null),
    quantity: pick('quantity'),
    listprice: pick('listprice'),
    comment: pick('comment'),
    discount_amount: pick('discount_amount'),
    discount_percent: pick('discount_percent'),
    tax1: pick('tax1'),
    tax2: pick('tax2'),
    tax3: pick('tax3'),
    image: '',
    purchase_cost: '',
    margin: '',
  };
}

export type Flavor = 'retrieve' | 'create' | 'revise' | 'update';

/** Write answers carry the freshly computed totals as PHP floats, float noise included. */
function totalsAsNumbers(values: Record<string, unknown>, totals: InventoryTotals): void {
  values.hdnSubTotal = totals.subTotal;
  values.hdnGrandTotal = totals.grandTotal;
  values.pre_tax_total = totals.preTaxTotal;
}

/** The record as an operation answers it; each write operation has its own inventory quirks. */
export function printRecord(
  state: SimState,
  record: StoredRecord,
  flavor: Flavor,
  opts: { linesSent?: boolean; shippingSent?: boolean } = {},
): Record<string, unknown> {
  const module = MODULES[record.module];
  if (!module) return {};
  const id = wsIdOf(record);
  const fields = printFields(state, record);
  const label = labelOf(module, record);
  if (!module.inventory) {
    return { ...fields, id, label, ...(module.priced ? pricedExtras(state, record) : {}) };
  }
  const lines = record.lines.map((l) => printLine(state, l, null));
  const totals = computeTotals(state, record.lines, record.values, record.charges);
  if (flavor === 'retrieve') {
    return {
      ...fields,
      id,
      label,
      ...shippingKeys(record),
      LineItems: lines,
      productid: record.lines[0]?.values.productid ?? null,
      LineItems_FinalDetails: finalDetails(state, record, totals),
    };
  }
  if (flavor === 'create') {
    const head: Record<string, unknown> = { id, ...fields };
    totalsAsNumbers(head, totals);
    head.balance = fixed(0, 8);
    return {
      ...head,
      label,
      ...shippingKeys(record),
      LineItems: lines,
      productid: null,
      LineItems_FinalDetails: finalDetails(state, record, null),
      new: true,
    };
  }
  if (flavor === 'update') {
    const head: Record<string, unknown> = { ...fields, ...flatLineColumns(record, true) };
    totalsAsNumbers(head, totals);
    return {
      ...head,
      id,
      label,
      ...shippingKeys(record),
      LineItems: [],
      LineItems_FinalDetails: finalDetails(state, record, null),
    };
  }
  if (opts.linesSent) {
    const head: Record<string, unknown> = { id, ...fields };
    totalsAsNumbers(head, totals);
    return {
      ...head,
      label,
      ...shippingKeys(record),
      LineItems: lines,
      productid: null,
      LineItems_FinalDetails: finalDetails(state, record, null),
    };
  }
  const sentShipping = opts.shippingSent ? { 'shipping_&_handling': record.charges.shipping } : {};
  return { id, ...sentShipping, ...fields, ...flatLineColumns(record, false), label, LineItems: lines };
}

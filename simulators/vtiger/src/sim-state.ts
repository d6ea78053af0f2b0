/** The simulated database: users, taxes, currencies, records and their line items. */

export interface SimUser {
  id: number;
  userName: string;
  accessKey: string;
  firstName: string;
  lastName: string;
  email: string;
}

export interface TaxRow {
  id: number;
  taxname: string;
  taxlabel: string;
  percentage: string;
}

export interface CurrencyRow {
  id: number;
  currency_name: string;
  currency_code: string;
  currency_symbol: string;
  conversion_rate: string;
  currency_status: 'Active' | 'Inactive';
  defaultid: string;
}

/** Stored values are already in the form the server prints (strings, or null for a few quirks). */
export type StoredValues = Record<string, string | null>;

export interface LineItem {
  lineId: number;
  sequence: number;
  values: StoredValues;
}

export interface StoredRecord {
  crmid: number;
  module: string;
  values: StoredValues;
  modifiedMs: number;
  deleted: boolean;
  /** Products/Services: enabled taxes, e.g. { tax1: "20.000" }. */
  taxes: Record<string, string>;
  lines: LineItem[];
  /** Inventory charge fields echoed as sent ("shipping_&_handling" and its shtaxN). */
  charges: { shipping: string | null; shTaxes: Record<string, string> };
}

export interface SimState {
  users: SimUser[];
  taxes: TaxRow[];
  currencies: CurrencyRow[];
  nextCrmid: number;
  autonumbers: Record<string, number>;
  /** All records by crmid; per-module maps keep insertion (crmid) order for cheap scans. */
  records: Map<number, StoredRecord>;
  byModule: Map<string, Map<number, StoredRecord>>;
}

export interface UserOption {
  userName: string;
  accessKey: string;
  firstName?: string;
  lastName?: string;
  email?: string;
}

export const DEFAULT_USERS: UserOption[] = [
  { userName: 'admin', accessKey: 'demoAccessKey123' },
  { userName: 'bridge', accessKey: 'bridgeAccessKey1' },
];

/** User ids follow 8.2.0: the admin is 19x1 and further users start at 19x5 (as on the observed instance). */
export function buildUsers(users: UserOption[]): SimUser[] {
  return users.map((u, i) => ({
    id: i === 0 ? 1 : i + 4,
    userName: u.userName,
    accessKey: u.accessKey,
    firstName: u.firstName ?? 'Api',
    lastName: u.lastName ?? (i === 0 ? 'Admin' : u.userName.charAt(0).toUpperCase() + u.userName.slice(1)),
    email: u.email ?? (i === 0 ? 'admin@example.com' : `${u.userName}@example.com`),
  }));
}

export function defaultTaxes(): TaxRow[] {
  return [
    { id: 1, taxname: 'tax1', taxlabel: 'VAT', percentage: '4.500' },
    { id: 2, taxname: 'tax2', taxlabel: 'Sales', percentage: '10.000' },
    { id: 3, taxname: 'tax3', taxlabel: 'Service', percentage: '12.500' },
  ];
}

export function defaultCurrencies(): CurrencyRow[] {
  return [
    {
      id: 1,
      currency_name: 'USA, Dollars',
      currency_code: 'USD',
      currency_symbol: '$',
      conversion_rate: '1.00000',
      currency_status: 'Active',
      defaultid: '-11',
    },
  ];
}

export function emptyRecords(state: Pick<SimState, 'records' | 'byModule' | 'autonumbers'>): void {
  state.records.clear();
  state.byModule.clear();
  for (const k of Object.keys(state.autonumbers)) delete state.autonumbers[k];
}

export function insertRecord(state: SimState, record: StoredRecord): void {
  state.records.set(record.crmid, record);
  let map = state.byModule.get(record.module);
  if (!map) {
    map = new Map();
    state.byModule.set(record.module, map);
  }
  map.set(record.crmid, record);
}

export function liveRecords(state: SimState, module: string): StoredRecord[] {
  const map = state.byModule.get(module);
  if (!map) return [];
  const out: StoredRecord[] = [];
  for (const r of map.values()) if (!r.deleted) out.push(r);
  return out;
}

export function nextLineId(state: SimState): number {
  // Line ids are MAX(lineitem_id)+1 on the real server, so a replaced newest line can get its id back.
  let max = 0;
  for (const r of state.byModule.get('Invoice')?.values() ?? []) {
    for (const l of r.lines) if (l.lineId > max) max = l.lineId;
  }
  return max + 1;
}

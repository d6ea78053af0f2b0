import { stableId } from './ids.js';
import {
  BASE_CURRENCY,
  LEDGER_ACCOUNTS,
  TAX_RATES,
  ledgerAccountId,
  priceTypes,
  serviceRateTypes,
  type BusinessCountry,
  type LookupItem,
  type TaxKind,
} from './reference-data.js';

export interface StoredRecord<T> {
  id: string;
  createdAt: number;
  updatedAt: number;
  /** Set by a soft delete: the record then shows only under `deleted_since`. */
  deletedAt?: number;
  data: T;
}

export type Collection<T> = Map<string, StoredRecord<T>>;

export interface ContactData {
  name: string;
  contact_type_ids: string[];
  reference?: string;
  tax_number?: string;
  notes?: string;
  locale?: string;
  currency_id: string;
  credit_limit?: number;
  credit_days?: number;
  credit_terms?: string;
  default_sales_ledger_account_id?: string;
  default_sales_tax_rate_id?: string;
  default_purchase_ledger_account_id?: string;
  main_address_id: string;
  delivery_address_id?: string;
  main_contact_person_id: string;
  is_active: boolean;
}

export interface AddressData {
  contact_id: string;
  address_type_id: string;
  name?: string;
  address_line_1?: string;
  address_line_2?: string;
  city?: string;
  region?: string;
  postal_code?: string;
  country_id?: string;
  is_main_address: boolean;
}

export interface ContactPersonData {
  address_id: string;
  contact_id: string;
  name: string;
  contact_person_type_ids: string[];
  job_title?: string;
  telephone?: string;
  mobile?: string;
  email?: string;
  fax?: string;
  is_main_contact: boolean;
  is_preferred_contact: boolean;
}

export interface PriceData {
  name: string;
  amount: number;
  includesTax: boolean;
  typeId: string;
}

export interface CatalogItemData {
  item_code?: string;
  description: string;
  notes?: string;
  sales_ledger_account_id: string;
  purchase_ledger_account_id?: string;
  sales_tax_rate_id?: string;
  purchase_tax_rate_id?: string;
  cost_price?: number;
  purchase_description?: string;
  active: boolean;
  prices: PriceData[];
}

export interface InvoiceLineData {
  id: string;
  description: string;
  product_id?: string;
  service_id?: string;
  ledger_account_id: string;
  quantity: number;
  unit_price: number;
  unit_price_includes_tax: boolean;
  discount_amount: number;
  tax_rate_id?: string;
  net_amount: number;
  tax_amount: number;
  total_amount: number;
}

export interface SalesInvoiceData {
  contact_id: string;
  date: string;
  due_date: string;
  reference?: string;
  notes?: string;
  terms_and_conditions?: string;
  currency_id: string;
  exchange_rate: number;
  invoice_number: string;
  status_id: string;
  void_reason?: string;
  tax_address_region_id?: string;
  lines: InvoiceLineData[];
}

export interface TaxRateData {
  name: string;
  agency?: string;
  percentage: number;
  kind: TaxKind;
  regions?: string[];
  components?: { name: string; percentage: number; agency?: string }[];
  is_visible: boolean;
  editable: boolean;
}

export interface LedgerAccountData {
  name: string;
  nominal_code: number;
  ledger_account_type_id: string;
  group: string;
  visible_in_sales: boolean;
  is_control_account: boolean;
}

export interface FinancialSettingsData {
  base_currency_id: string;
  multi_currency_enabled: boolean;
  use_live_exchange_rates: boolean;
  accounting_type: string;
  year_end_date: string;
  accounts_start_date: string;
  tax_number: string;
  sales_tax_calculation: string;
  updatedAt: number;
}

export interface IdempotencyEntry {
  /** What the id was first used for: the operation template and, for PUT, the record id. */
  target: string;
  status: number;
  body: unknown;
  at: number;
}

export interface BusinessState {
  id: string;
  name: string;
  country: BusinessCountry;
  createdAt: number;
  financialSettings: FinancialSettingsData;
  contacts: Collection<ContactData>;
  addresses: Collection<AddressData>;
  contact_persons: Collection<ContactPersonData>;
  products: Collection<CatalogItemData>;
  services: Collection<CatalogItemData>;
  sales_invoices: Collection<SalesInvoiceData>;
  tax_rates: Collection<TaxRateData>;
  ledger_accounts: Collection<LedgerAccountData>;
  product_sales_price_types: LookupItem[];
  service_rate_types: LookupItem[];
  nextInvoiceNumber: number;
  idempotency: Map<string, IdempotencyEntry>;
  /** Case-insensitive unique keys (contact references, item codes): `<namespace>:<value>` → record id. */
  uniqueKeys: Map<string, string>;
}

export interface BusinessSeed {
  name: string;
  country: BusinessCountry;
  id?: string;
}

export function createBusiness(seed: BusinessSeed, now: number): BusinessState {
  const id = seed.id ?? stableId('business', seed.name, seed.country);
  const business: BusinessState = {
    id,
    name: seed.name,
    country: seed.country,
    createdAt: now,
    financialSettings: {
      base_currency_id: BASE_CURRENCY[seed.country],
      multi_currency_enabled: false,
      use_live_exchange_rates: false,
      accounting_type: 'accrual',
      year_end_date: `${new Date(now).getUTCFullYear()}-12-31`,
      accounts_start_date: `${new Date(now).getUTCFullYear()}-01-01`,
      tax_number: '',
      sales_tax_calculation: 'invoice',
      updatedAt: now,
    },
    contacts: new Map(),
    addresses: new Map(),
    contact_persons: new Map(),
    products: new Map(),
    services: new Map(),
    sales_invoices: new Map(),
    tax_rates: new Map(),
    ledger_accounts: new Map(),
    product_sales_price_types: priceTypes(id),
    service_rate_types: serviceRateTypes(id),
    nextInvoiceNumber: 1,
    idempotency: new Map(),
    uniqueKeys: new Map(),
  };
  for (const rate of TAX_RATES[seed.country]) {
    business.tax_rates.set(rate.id, {
      id: rate.id,
      createdAt: now,
      updatedAt: now,
      data: {
        name: rate.name,
        percentage: rate.percentage,
        kind: rate.kind,
        ...(rate.regions ? { regions: rate.regions } : {}),
        ...(rate.components
          ? {
              components: rate.components.map((c) => {
                const part = TAX_RATES[seed.country].find((r) => r.id === c)!;
                return { name: part.name, percentage: part.percentage };
              }),
            }
          : {}),
        is_visible: true,
        editable: false,
      },
    });
  }
  for (const account of LEDGER_ACCOUNTS) {
    const accountId = ledgerAccountId(id, account.nominalCode);
    business.ledger_accounts.set(accountId, {
      id: accountId,
      createdAt: now,
      updatedAt: now,
      data: {
        name: account.name,
        nominal_code: account.nominalCode,
        ledger_account_type_id: account.typeId,
        group: account.group,
        visible_in_sales: account.visibleInSales,
        is_control_account: account.controlAccount ?? false,
      },
    });
  }
  return business;
}

/** The record if it exists and is not deleted. */
export function live<T>(collection: Collection<T>, id: string | undefined): StoredRecord<T> | undefined {
  if (!id) return undefined;
  const record = collection.get(id);
  return record && record.deletedAt === undefined ? record : undefined;
}

function uniqueKey(namespace: string, value: string): string {
  return `${namespace}:${value.toLowerCase()}`;
}

/** Whether another live record already holds this unique value. */
export function isTaken(biz: BusinessState, namespace: string, value: string, self?: string): boolean {
  const holder = biz.uniqueKeys.get(uniqueKey(namespace, value));
  return holder !== undefined && holder !== self;
}

/** Moves a record's unique value from `previous` to `next` (either may be absent). */
export function claimUnique(
  biz: BusinessState,
  namespace: string,
  id: string,
  previous: string | undefined,
  next: string | undefined,
): void {
  if (previous && biz.uniqueKeys.get(uniqueKey(namespace, previous)) === id) {
    biz.uniqueKeys.delete(uniqueKey(namespace, previous));
  }
  if (next) biz.uniqueKeys.set(uniqueKey(namespace, next), id);
}

/**
 * Types for the Sage Accounting v3.1 resources the bridge reads and writes, derived from Sage's
 * published Swagger 2.0 definitions (Contact, postContacts, ContactPerson, Address, Product,
 * Service, SalesInvoice, TaxRate, LedgerAccount, FinancialSettings). Read types list the fields the
 * bridge uses; Sage sends more. Write types are the object inside the wrapped body
 * (`{"contact": {...}}`), where a reference field `x` becomes `x_id`.
 */

/**
 * The spec types money as `number`, but Sage's own example shows strings ("110.0"); accept both
 * and read amounts with `toAmount`.
 */
export type SageDecimal = number | string;

export function toAmount(value: SageDecimal | null | undefined): number | undefined {
  if (value === null || value === undefined || value === '') return undefined;
  const n = typeof value === 'number' ? value : Number(value);
  return Number.isFinite(n) ? n : undefined;
}

/** Every resource and nested reference: `{id, displayed_as, $path}`. */
export interface SageLink {
  id: string;
  displayed_as: string;
  $path: string;
}

export interface SageRecord extends SageLink {
  created_at?: string;
  updated_at?: string;
  /** Present on items listed with `deleted_since`. */
  deleted_at?: string;
}

/** The live list envelope (the spec wrongly models lists as bare arrays). */
export interface SageListPage<T> {
  $total: number;
  $page: number;
  $next: string | null;
  $back: string | null;
  $itemsPerPage: number;
  $items: T[];
}

export interface SageAddress extends SageRecord {
  address_type?: SageLink | null;
  name?: string | null;
  address_line_1?: string | null;
  address_line_2?: string | null;
  city?: string | null;
  region?: string | null;
  postal_code?: string | null;
  country?: SageLink | null;
  contact?: SageLink | null;
  is_main_address?: boolean;
}

export interface SageContactPerson extends SageRecord {
  contact_person_types?: SageLink[];
  name?: string;
  job_title?: string | null;
  telephone?: string | null;
  mobile?: string | null;
  email?: string | null;
  fax?: string | null;
  is_main_contact?: boolean;
  is_preferred_contact?: boolean;
  address?: SageLink | null;
}

export type SageContactType = 'CUSTOMER' | 'VENDOR';

export interface SageContact extends SageRecord {
  contact_types?: SageLink[];
  name?: string;
  reference?: string | null;
  /** Read-only mirror of the main contact person's email; write it through main_contact_person. */
  email?: string | null;
  tax_number?: string | null;
  notes?: string | null;
  locale?: string | null;
  currency?: SageLink | null;
  credit_limit?: SageDecimal | null;
  credit_days?: number | null;
  main_address?: SageAddress | null;
  delivery_address?: SageAddress | null;
  main_contact_person?: SageContactPerson | null;
  default_sales_ledger_account?: SageLink | null;
  default_sales_tax_rate?: SageLink | null;
  balance?: SageDecimal | null;
  is_active?: boolean;
  deletable?: boolean;
  system?: boolean;
}

export interface SageAddressInput {
  address_type_id?: string;
  name?: string;
  address_line_1?: string;
  address_line_2?: string;
  city?: string;
  region?: string;
  postal_code?: string;
  country_id?: string;
  is_main_address?: boolean;
  contact_id?: string;
}

export interface SageContactPersonInput {
  /** Required on POST /contact_persons: contact persons hang off an address. */
  address_id?: string;
  name?: string;
  contact_person_type_ids?: string[];
  job_title?: string;
  telephone?: string;
  mobile?: string;
  email?: string;
  fax?: string;
  is_main_contact?: boolean;
  is_preferred_contact?: boolean;
}

/** postContacts.contact: `name` and `contact_type_ids` are required on create. */
export interface SageContactInput {
  name?: string;
  contact_type_ids?: SageContactType[];
  /** Unique per business, at most 10 characters. */
  reference?: string;
  tax_number?: string;
  notes?: string;
  locale?: string;
  currency_id?: string;
  credit_limit?: number;
  credit_days?: number;
  default_sales_ledger_account_id?: string;
  default_sales_tax_rate_id?: string;
  default_purchase_ledger_account_id?: string;
  main_address?: SageAddressInput;
  delivery_address?: SageAddressInput;
  main_contact_person?: Omit<SageContactPersonInput, 'address_id'>;
}

export interface SageSalesPrice {
  id?: string;
  price_name?: string;
  price?: SageDecimal;
  price_includes_tax?: boolean;
  product_sales_price_type?: SageLink;
}

export interface SageServiceRate {
  id?: string;
  rate_name?: string;
  rate?: SageDecimal;
  rate_includes_tax?: boolean;
  service_rate_type?: SageLink;
}

interface SageCatalogItem extends SageRecord {
  item_code?: string | null;
  description?: string;
  notes?: string | null;
  sales_ledger_account?: SageLink | null;
  purchase_ledger_account?: SageLink | null;
  sales_tax_rate?: SageLink | null;
  purchase_tax_rate?: SageLink | null;
  cost_price?: SageDecimal | null;
  active?: boolean;
  deletable?: boolean;
}

export interface SageProduct extends SageCatalogItem {
  sales_prices?: SageSalesPrice[];
  catalog_item_type?: SageLink | null;
}

export interface SageService extends SageCatalogItem {
  sales_rates?: SageServiceRate[];
}

/** postProducts.product: description, sales and purchase ledger accounts are required. */
export interface SageProductInput {
  item_code?: string;
  description?: string;
  notes?: string;
  sales_ledger_account_id?: string;
  purchase_ledger_account_id?: string;
  sales_tax_rate_id?: string;
  purchase_tax_rate_id?: string;
  cost_price?: number;
  active?: boolean;
  sales_prices?: {
    price_name?: string;
    price?: number;
    price_includes_tax?: boolean;
    product_sales_price_type_id?: string;
  }[];
}

/** postServices.service: description and sales ledger account are required. */
export interface SageServiceInput {
  item_code?: string;
  description?: string;
  notes?: string;
  sales_ledger_account_id?: string;
  purchase_ledger_account_id?: string;
  sales_tax_rate_id?: string;
  purchase_tax_rate_id?: string;
  cost_price?: number;
  active?: boolean;
  sales_rates?: {
    rate_name?: string;
    rate?: number;
    rate_includes_tax?: boolean;
    service_rate_type_id?: string;
  }[];
}

export interface SageInvoiceLine {
  id?: string;
  description?: string;
  product?: SageLink | null;
  service?: SageLink | null;
  ledger_account?: SageLink | null;
  quantity?: SageDecimal;
  unit_price?: SageDecimal;
  unit_price_includes_tax?: boolean;
  net_amount?: SageDecimal;
  tax_rate?: SageLink | null;
  tax_amount?: SageDecimal;
  total_amount?: SageDecimal;
  discount_amount?: SageDecimal;
}

export interface SageSalesInvoice extends SageRecord {
  invoice_number?: string;
  contact?: SageLink;
  contact_name?: string;
  contact_reference?: string;
  date?: string;
  due_date?: string;
  reference?: string | null;
  notes?: string | null;
  currency?: SageLink | null;
  exchange_rate?: SageDecimal;
  net_amount?: SageDecimal;
  tax_amount?: SageDecimal;
  total_amount?: SageDecimal;
  outstanding_amount?: SageDecimal;
  status?: SageLink;
  void_reason?: string | null;
  editable?: boolean;
  tax_address_region?: SageLink | null;
  invoice_lines?: SageInvoiceLine[];
}

export interface SageInvoiceLineInput {
  description: string;
  /** An income ledger account (visible in sales). */
  ledger_account_id: string;
  unit_price: number;
  quantity?: number;
  product_id?: string;
  service_id?: string;
  tax_rate_id?: string;
  /** Required in v3.1 unless the tax rate is a zero, exempt or no-tax rate. */
  tax_amount?: number;
  discount_amount?: number;
  unit_price_includes_tax?: boolean;
}

/** postSalesInvoices.sales_invoice: contact_id (a customer), date and invoice_lines are required. */
export interface SageSalesInvoiceInput {
  contact_id?: string;
  date?: string;
  due_date?: string;
  reference?: string;
  notes?: string;
  currency_id?: string;
  exchange_rate?: number;
  /** Canada only: the province, e.g. CA-BC. */
  tax_address_region_id?: string;
  invoice_lines?: SageInvoiceLineInput[];
}

export interface SageTaxRate extends SageRecord {
  name?: string;
  agency?: string | null;
  percentage?: SageDecimal;
  is_visible?: boolean;
  is_combined_rate?: boolean;
  component_tax_rates?: { name?: string; percentage?: SageDecimal; agency?: string | null }[];
}

export interface SageLedgerAccount extends SageRecord {
  name?: string;
  display_name?: string;
  nominal_code?: number;
  ledger_account_type?: SageLink;
  ledger_account_group?: { id: string; displayed_as: string };
  visible_in_sales?: boolean;
}

export interface SageFinancialSettings {
  base_currency?: SageLink;
  multi_currency_enabled?: boolean;
  use_live_exchange_rates?: boolean;
  accounting_type?: string;
  year_end_date?: string;
  accounts_start_date?: string;
  tax_number?: string | null;
  updated_at?: string;
}

export interface SageBusiness extends SageRecord {
  name?: string;
  country?: SageLink;
  subscriptions?: { id: string; displayed_as: string; active: boolean; status?: string }[];
}

/** One entry of Sage's array error body. */
export interface SageErrorItem {
  $severity?: string;
  $dataCode?: string;
  $message?: string;
  $source?: string;
}

/** Path segment → the key that wraps a write body. */
export const SAGE_WRAPPER_KEYS: Record<string, string> = {
  contacts: 'contact',
  contact_persons: 'contact_person',
  addresses: 'address',
  products: 'product',
  services: 'service',
  sales_invoices: 'sales_invoice',
  tax_rates: 'tax_rate',
  ledger_accounts: 'ledger_account',
  financial_settings: 'financial_settings',
};

import { stableId } from './ids.js';

/**
 * Lookup data a fresh Sage business starts with. Ids follow the reference: mnemonic strings for
 * lookups (CUSTOMER, ACCOUNTS, GBP, GB, GB_STANDARD), GUIDs for per-business data. Ids the
 * reference marks UNVERIFIED (most tax-rate and status ids) are the simulator's best guess; a real
 * client must read them from the API rather than hard-code them.
 */

export type BusinessCountry = 'GB' | 'IE' | 'CA' | 'US';

export interface LookupItem {
  id: string;
  displayed_as: string;
}

export const CONTACT_TYPES: LookupItem[] = [
  { id: 'CUSTOMER', displayed_as: 'Customer' },
  { id: 'VENDOR', displayed_as: 'Supplier' },
];

export const CONTACT_PERSON_TYPES: LookupItem[] = [
  { id: 'ACCOUNTS', displayed_as: 'Accounts' },
  { id: 'SALES', displayed_as: 'Sales' },
  { id: 'PURCHASING', displayed_as: 'Purchasing' },
  { id: 'CONTACT', displayed_as: 'Contact' },
];

export const ADDRESS_TYPES: LookupItem[] = [
  { id: 'ACCOUNTS', displayed_as: 'Accounts' },
  { id: 'DELIVERY', displayed_as: 'Delivery' },
  { id: 'SALES', displayed_as: 'Sales' },
  { id: 'PURCHASING', displayed_as: 'Purchasing' },
];

export const ARTEFACT_STATUSES: LookupItem[] = [
  { id: 'DRAFT', displayed_as: 'Draft' },
  { id: 'UNPAID', displayed_as: 'Unpaid' },
  { id: 'PART_PAID', displayed_as: 'Part Paid' },
  { id: 'PAID', displayed_as: 'Paid' },
  { id: 'VOID', displayed_as: 'Void' },
];

export const CATALOG_ITEM_TYPES: LookupItem[] = [
  { id: 'STOCK_ITEM', displayed_as: 'Stock' },
  { id: 'NON_STOCK_ITEM', displayed_as: 'Non-stock' },
  { id: 'SERVICE', displayed_as: 'Service' },
];

export const CURRENCIES: LookupItem[] = [
  ['GBP', 'Pound Sterling'],
  ['EUR', 'Euro'],
  ['USD', 'US Dollar'],
  ['CAD', 'Canadian Dollar'],
  ['AUD', 'Australian Dollar'],
  ['NZD', 'New Zealand Dollar'],
  ['CHF', 'Swiss Franc'],
  ['JPY', 'Japanese Yen'],
  ['SEK', 'Swedish Krona'],
  ['NOK', 'Norwegian Krone'],
  ['DKK', 'Danish Krone'],
  ['PLN', 'Polish Zloty'],
  ['ZAR', 'South African Rand'],
].map(([id, name]) => ({ id: id!, displayed_as: `${name} (${id})` }));

export const COUNTRIES: LookupItem[] = [
  ['GB', 'United Kingdom (GB)'],
  ['IE', 'Ireland (IE)'],
  ['US', 'United States (US)'],
  ['CA', 'Canada (CA)'],
  ['FR', 'France (FR)'],
  ['DE', 'Germany (DE)'],
  ['ES', 'Spain (ES)'],
  ['IT', 'Italy (IT)'],
  ['NL', 'Netherlands (NL)'],
  ['BE', 'Belgium (BE)'],
  ['PT', 'Portugal (PT)'],
  ['AT', 'Austria (AT)'],
  ['CH', 'Switzerland (CH)'],
  ['SE', 'Sweden (SE)'],
  ['NO', 'Norway (NO)'],
  ['DK', 'Denmark (DK)'],
  ['PL', 'Poland (PL)'],
  ['AU', 'Australia (AU)'],
  ['NZ', 'New Zealand (NZ)'],
  ['ZA', 'South Africa (ZA)'],
].map(([id, name]) => ({ id: id!, displayed_as: name! }));

/** Canadian provinces and territories, the values of `tax_address_region_id` on CA invoices. */
export const CA_TAX_ADDRESS_REGIONS: LookupItem[] = [
  ['CA-AB', 'Alberta'],
  ['CA-BC', 'British Columbia'],
  ['CA-MB', 'Manitoba'],
  ['CA-NB', 'New Brunswick'],
  ['CA-NL', 'Newfoundland and Labrador'],
  ['CA-NS', 'Nova Scotia'],
  ['CA-NT', 'Northwest Territories'],
  ['CA-NU', 'Nunavut'],
  ['CA-ON', 'Ontario'],
  ['CA-PE', 'Prince Edward Island'],
  ['CA-QC', 'Quebec'],
  ['CA-SK', 'Saskatchewan'],
  ['CA-YT', 'Yukon'],
].map(([id, name]) => ({ id: id!, displayed_as: name! }));

export const BASE_CURRENCY: Record<BusinessCountry, string> = { GB: 'GBP', IE: 'EUR', CA: 'CAD', US: 'USD' };

/** zero, exempt and no_tax rates are the ones for which Sage infers a line's tax_amount as 0. */
export type TaxKind = 'standard' | 'zero' | 'exempt' | 'no_tax';

export interface TaxRateSeed {
  id: string;
  name: string;
  percentage: number;
  kind: TaxKind;
  /** Canadian provincial rates apply only to these tax address regions; absent = everywhere. */
  regions?: string[];
  components?: string[];
}

const VAT_GB: TaxRateSeed[] = [
  { id: 'GB_STANDARD', name: 'Standard', percentage: 20, kind: 'standard' },
  { id: 'GB_LOWER', name: 'Lower Rate', percentage: 5, kind: 'standard' },
  { id: 'GB_ZERO', name: 'Zero Rated', percentage: 0, kind: 'zero' },
  { id: 'GB_EXEMPT', name: 'Exempt', percentage: 0, kind: 'exempt' },
  { id: 'GB_NO_TAX', name: 'No VAT', percentage: 0, kind: 'no_tax' },
];

const VAT_IE: TaxRateSeed[] = [
  { id: 'IE_STANDARD', name: 'Standard', percentage: 23, kind: 'standard' },
  { id: 'IE_REDUCED', name: 'Reduced', percentage: 13.5, kind: 'standard' },
  { id: 'IE_SECOND_REDUCED', name: 'Second Reduced', percentage: 9, kind: 'standard' },
  { id: 'IE_ZERO', name: 'Zero Rated', percentage: 0, kind: 'zero' },
  { id: 'IE_EXEMPT', name: 'Exempt', percentage: 0, kind: 'exempt' },
  { id: 'IE_NO_TAX', name: 'No VAT', percentage: 0, kind: 'no_tax' },
];

const SALES_TAX_CA: TaxRateSeed[] = [
  { id: 'CA_GST', name: 'GST', percentage: 5, kind: 'standard' },
  { id: 'CA_PST_BC', name: 'PST (BC)', percentage: 7, kind: 'standard', regions: ['CA-BC'] },
  {
    id: 'CA_GST_PST_BC',
    name: 'GST/PST (BC)',
    percentage: 12,
    kind: 'standard',
    regions: ['CA-BC'],
    components: ['CA_GST', 'CA_PST_BC'],
  },
  { id: 'CA_HST_ON', name: 'HST (ON)', percentage: 13, kind: 'standard', regions: ['CA-ON'] },
  { id: 'CA_QST', name: 'QST', percentage: 9.975, kind: 'standard', regions: ['CA-QC'] },
  {
    id: 'CA_GST_QST',
    name: 'GST/QST',
    percentage: 14.975,
    kind: 'standard',
    regions: ['CA-QC'],
    components: ['CA_GST', 'CA_QST'],
  },
  { id: 'CA_ZERO', name: 'Zero Rated', percentage: 0, kind: 'zero' },
  { id: 'CA_EXEMPT', name: 'Exempt', percentage: 0, kind: 'exempt' },
];

/** US businesses define their own sales-tax rates (POST /tax_rates); they start with none. */
export const TAX_RATES: Record<BusinessCountry, TaxRateSeed[]> = {
  GB: VAT_GB,
  IE: VAT_IE,
  CA: SALES_TAX_CA,
  US: [],
};

export interface LedgerAccountSeed {
  nominalCode: number;
  name: string;
  typeId: string;
  group: 'INCOME' | 'EXPENDITURE' | 'ASSETS' | 'LIABILITY';
  visibleInSales: boolean;
  controlAccount?: boolean;
}

export const LEDGER_ACCOUNTS: LedgerAccountSeed[] = [
  {
    nominalCode: 1100,
    name: 'Trade Debtors',
    typeId: 'CURRENT_ASSETS',
    group: 'ASSETS',
    visibleInSales: false,
    controlAccount: true,
  },
  { nominalCode: 1200, name: 'Current', typeId: 'BANK', group: 'ASSETS', visibleInSales: false },
  {
    nominalCode: 2100,
    name: 'Trade Creditors',
    typeId: 'CURRENT_LIABILITY',
    group: 'LIABILITY',
    visibleInSales: false,
    controlAccount: true,
  },
  {
    nominalCode: 2200,
    name: 'Sales Tax Control Account',
    typeId: 'CURRENT_LIABILITY',
    group: 'LIABILITY',
    visibleInSales: false,
    controlAccount: true,
  },
  { nominalCode: 4000, name: 'Sales - Products', typeId: 'SALES', group: 'INCOME', visibleInSales: true },
  { nominalCode: 4010, name: 'Sales - Services', typeId: 'SALES', group: 'INCOME', visibleInSales: true },
  { nominalCode: 4020, name: 'Sales - Other', typeId: 'SALES', group: 'INCOME', visibleInSales: true },
  { nominalCode: 4900, name: 'Other Income', typeId: 'OTHER_INCOME', group: 'INCOME', visibleInSales: true },
  {
    nominalCode: 5000,
    name: 'Cost of sales - goods',
    typeId: 'DIRECT_EXPENSES',
    group: 'EXPENDITURE',
    visibleInSales: false,
  },
  {
    nominalCode: 5010,
    name: 'Cost of sales - services',
    typeId: 'DIRECT_EXPENSES',
    group: 'EXPENDITURE',
    visibleInSales: false,
  },
  {
    nominalCode: 7500,
    name: 'Office costs',
    typeId: 'OVERHEADS',
    group: 'EXPENDITURE',
    visibleInSales: false,
  },
];

export function ledgerAccountId(businessId: string, nominalCode: number): string {
  return stableId(businessId, 'ledger_account', String(nominalCode));
}

/** Per-business lookups whose ids are GUIDs in Sage (price and rate types). */
export function priceTypes(businessId: string): LookupItem[] {
  return ['Selling Price', 'Trade'].map((name) => ({
    id: stableId(businessId, 'product_sales_price_type', name),
    displayed_as: name,
  }));
}

export function serviceRateTypes(businessId: string): LookupItem[] {
  return ['Hourly', 'Daily', 'One-off'].map((name) => ({
    id: stableId(businessId, 'service_rate_type', name),
    displayed_as: name,
  }));
}

import { isoDate, isoSeconds, link } from './format.js';
import { COUNTRIES, CURRENCIES, ledgerAccountId } from './reference-data.js';
import { lookupLink } from './resources/resource.js';
import type { BusinessState } from './store.js';
import { ledgerAccounts } from './resources/accounting.js';
import { recordLink } from './resources/resource.js';

const BUSINESS_ADDRESS: Record<string, { city: string; region: string; postal_code: string }> = {
  GB: { city: 'Newcastle upon Tyne', region: 'Tyne and Wear', postal_code: 'NE1 1AA' },
  IE: { city: 'Dublin', region: 'Dublin', postal_code: 'D02 X285' },
  CA: { city: 'Vancouver', region: 'BC', postal_code: 'V6B 1A1' },
  US: { city: 'Atlanta', region: 'GA', postal_code: '30301' },
};

export function renderBusiness(biz: BusinessState): Record<string, unknown> {
  const address = BUSINESS_ADDRESS[biz.country]!;
  return {
    id: biz.id,
    displayed_as: biz.name,
    $path: `/businesses/${biz.id}`,
    name: biz.name,
    address_line_1: '1 Simulator Street',
    address_line_2: null,
    ...address,
    country: lookupLink('countries', COUNTRIES, biz.country),
    telephone: null,
    mobile: null,
    website: null,
    is_demo: false,
    ni_based: false,
    subscriptions: [{ id: 'ACCOUNTING', displayed_as: 'Accounting Plus', active: true, status: 'active' }],
    created_at: isoSeconds(biz.createdAt),
    updated_at: isoSeconds(biz.createdAt),
  };
}

export function renderFinancialSettings(biz: BusinessState): Record<string, unknown> {
  const f = biz.financialSettings;
  return {
    $path: '/financial_settings',
    year_end_date: f.year_end_date,
    year_end_lockdown_date: null,
    accounting_type: f.accounting_type,
    accounts_start_date: f.accounts_start_date,
    base_currency: lookupLink('currencies', CURRENCIES, f.base_currency_id),
    multi_currency_enabled: f.multi_currency_enabled,
    use_live_exchange_rates: f.use_live_exchange_rates,
    mtd_activation_status: biz.country === 'GB' ? 'active' : null,
    mtd_connected: biz.country === 'GB',
    tax_number: f.tax_number,
    sales_tax_calculation: f.sales_tax_calculation,
    purchase_tax_calculation: f.sales_tax_calculation,
    updated_at: isoSeconds(f.updatedAt),
    postponed_accounting: false,
    destination_vat: false,
  };
}

const DEFAULT_LEDGER_ACCOUNTS: Record<string, number> = {
  sales_ledger_account: 4000,
  product_sales_ledger_account: 4000,
  service_sales_ledger_account: 4010,
  other_receipt_ledger_account: 4900,
  purchase_ledger_account: 5000,
  product_purchase_ledger_account: 5000,
  service_purchase_ledger_account: 5010,
  stock_purchase_ledger_account: 5000,
  other_payment_ledger_account: 7500,
};

export function renderBusinessSettings(biz: BusinessState): Record<string, unknown> {
  return {
    $path: '/business_settings',
    default_ledger_accounts: Object.fromEntries(
      Object.entries(DEFAULT_LEDGER_ACCOUNTS).map(([key, code]) => [
        key,
        recordLink(ledgerAccounts, biz, ledgerAccountId(biz.id, code)),
      ]),
    ),
    business_type: { id: 'LIMITED_COMPANY', displayed_as: 'Limited Company' },
    country_of_registration: link('countries_of_registration', biz.country, biz.country),
    business_created_at: isoDate(biz.createdAt),
    updated_at: isoSeconds(biz.createdAt),
    wizard_complete: true,
  };
}

import { decimal, isoDate } from '../format.js';
import { newId } from '../ids.js';
import { recordInvalid } from '../sage-errors.js';
import type { LedgerAccountData, StoredRecord, TaxRateData } from '../store.js';
import { baseFields, containsText, type ResourceDef } from './resource.js';

const LEDGER_ACCOUNT_TYPE_NAMES: Record<string, string> = {
  SALES: 'Sales',
  OTHER_INCOME: 'Other Income',
  DIRECT_EXPENSES: 'Direct Expenses',
  OVERHEADS: 'Overheads',
  CURRENT_ASSETS: 'Current Assets',
  CURRENT_LIABILITY: 'Current Liabilities',
  BANK: 'Bank',
};

function ledgerDisplay(record: StoredRecord<LedgerAccountData>): string {
  return `${record.data.name} (${record.data.nominal_code})`;
}

export const ledgerAccounts: ResourceDef<LedgerAccountData> = {
  name: 'ledger_accounts',
  singular: 'ledger_account',
  changeFilters: 'updated',
  collection: (biz) => biz.ledger_accounts,
  displayedAs: ledgerDisplay,
  render(record) {
    const d = record.data;
    return {
      ...baseFields('ledger_accounts', record, ledgerDisplay(record)),
      ledger_account_group: { id: d.group, displayed_as: d.group.charAt(0) + d.group.slice(1).toLowerCase() },
      name: d.name,
      display_name: d.name,
      visible_scopes: d.visible_in_sales ? ['sales', 'reporting'] : ['reporting'],
      included_in_chart: true,
      nominal_code: d.nominal_code,
      ledger_account_type: {
        id: d.ledger_account_type_id,
        displayed_as: LEDGER_ACCOUNT_TYPE_NAMES[d.ledger_account_type_id] ?? d.ledger_account_type_id,
        $path: `/ledger_account_types/${d.ledger_account_type_id}`,
      },
      tax_rate: null,
      fixed_tax_rate: false,
      visible_in_sales: d.visible_in_sales,
      visible_in_reporting: true,
      is_control_account: d.is_control_account,
    };
  },
  matches(record, query) {
    const d = record.data;
    if (query.visible_in === 'sales' && !d.visible_in_sales) return false;
    if (query.not_visible_in === 'sales' && d.visible_in_sales) return false;
    if (query.ledger_account_type_id && d.ledger_account_type_id !== query.ledger_account_type_id)
      return false;
    if (query.show_control_accounts === 'false' && d.is_control_account) return false;
    return containsText([d.name, String(d.nominal_code)], query.search);
  },
};

function taxDisplay(record: StoredRecord<TaxRateData>): string {
  return `${record.data.name} ${record.data.percentage.toFixed(2)}%`;
}

export const taxRates: ResourceDef<TaxRateData> = {
  name: 'tax_rates',
  singular: 'tax_rate',
  changeFilters: 'updated',
  collection: (biz) => biz.tax_rates,
  displayedAs: taxDisplay,
  render(record) {
    const d = record.data;
    return {
      ...baseFields('tax_rates', record, taxDisplay(record)),
      name: d.name,
      agency: d.agency ?? null,
      percentage: decimal(d.percentage, 3),
      percentages: [
        { percentage: decimal(d.percentage, 3), from_date: isoDate(record.createdAt), to_date: null },
      ],
      is_visible: d.is_visible,
      retailer: false,
      editable: d.editable,
      deletable: d.editable,
      is_combined_rate: (d.components?.length ?? 0) > 1,
      component_tax_rates: (d.components ?? []).map((c) => ({
        name: c.name,
        agency: c.agency ?? null,
        percentage: decimal(c.percentage, 3),
      })),
    };
  },
  // POST /tax_rates exists for US businesses only: elsewhere the rates are the statutory ones.
  create(input, ctx) {
    if (ctx.biz.country !== 'US') {
      throw recordInvalid([{ source: 'base', message: 'Tax rates can only be created for US businesses' }]);
    }
    const name = input.string('name', { required: true, max: 255 });
    const agency = input.string('agency');
    const components = (input.objectArray('component_tax_rate') ?? []).map((c) => ({
      name: c.string('name', { required: true }) ?? '',
      agency: c.string('agency'),
      percentage: c.number('percentage') ?? 0,
    }));
    if (input.issues.length > 0 || !name) throw recordInvalid(input.issues);
    const percentage = components.reduce((sum, c) => sum + c.percentage, 0);
    const record: StoredRecord<TaxRateData> = {
      id: newId(),
      createdAt: ctx.now,
      updatedAt: ctx.now,
      data: {
        name,
        ...(agency ? { agency } : {}),
        percentage,
        kind: percentage > 0 ? 'standard' : 'zero',
        components: components.map((c) => ({
          name: c.name,
          percentage: c.percentage,
          ...(c.agency ? { agency: c.agency } : {}),
        })),
        is_visible: input.boolean('is_visible') ?? true,
        editable: true,
      },
    };
    ctx.biz.tax_rates.set(record.id, record);
    return record;
  },
  matches(record, query) {
    // Provincial rates only show for their region; without a region Sage lists them all.
    const region = query.address_region_id?.toUpperCase();
    if (region && record.data.regions && !record.data.regions.includes(region)) return false;
    return true;
  },
};

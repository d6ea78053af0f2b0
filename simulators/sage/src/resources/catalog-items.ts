import type { FieldReader } from '../fields.js';
import { decimal, isoSeconds } from '../format.js';
import { newId } from '../ids.js';
import type { LookupItem } from '../reference-data.js';
import { recordInvalid } from '../sage-errors.js';
import {
  claimUnique,
  isTaken,
  live,
  type BusinessState,
  type CatalogItemData,
  type Collection,
  type PriceData,
  type StoredRecord,
} from '../store.js';
import { ledgerAccounts, taxRates } from './accounting.js';
import { stripUndefined, touch } from './contact-parts.js';
import { baseFields, containsText, recordLink, type ResourceDef, type WriteContext } from './resource.js';

/**
 * Products and services are the same kind of record in Sage ("catalog items") with different
 * price lists: products carry `sales_prices` keyed by price type, services `sales_rates` keyed by
 * rate type. Products must name a purchase ledger account; services need not.
 */
interface CatalogKind {
  name: 'products' | 'services';
  singular: 'product' | 'service';
  prices: {
    key: 'sales_prices' | 'sales_rates';
    name: string;
    amount: string;
    includesTax: string;
    typeId: string;
    type: string;
  };
  requiresPurchaseLedger: boolean;
  collection(biz: BusinessState): Collection<CatalogItemData>;
  priceTypes(biz: BusinessState): LookupItem[];
  typesResource: string;
}

function readPrices(input: FieldReader, kind: CatalogKind, biz: BusinessState): PriceData[] | undefined {
  const p = kind.prices;
  const types = kind.priceTypes(biz);
  return input.objectArray(p.key)?.map((item) => {
    const typeId = item.string(p.typeId) ?? types[0]!.id;
    if (!types.some((t) => t.id === typeId)) item.fail(p.typeId, 'is invalid');
    return {
      name: item.string(p.name, { max: 50 }) ?? types.find((t) => t.id === typeId)?.displayed_as ?? '',
      amount: item.number(p.amount) ?? 0,
      includesTax: item.boolean(p.includesTax) ?? false,
      typeId,
    };
  });
}

type ItemFields = Partial<Omit<CatalogItemData, 'prices'>> & { prices?: PriceData[] };

function readItemFields(input: FieldReader, kind: CatalogKind, ctx: WriteContext, self?: string): ItemFields {
  const { biz } = ctx;
  const fields: ItemFields = {
    item_code: input.string('item_code', { max: 255 }),
    description: input.string('description', { max: 255 }),
    notes: input.string('notes', { max: 500 }),
    sales_ledger_account_id: input.string('sales_ledger_account_id'),
    purchase_ledger_account_id: input.string('purchase_ledger_account_id'),
    sales_tax_rate_id: input.string('sales_tax_rate_id'),
    purchase_tax_rate_id: input.string('purchase_tax_rate_id'),
    cost_price: input.number('cost_price'),
    purchase_description: input.string('purchase_description', { max: 250 }),
    active: input.boolean('active'),
    prices: readPrices(input, kind, biz),
  };
  if (fields.description === '') input.fail('description', "can't be blank");
  for (const key of ['sales_ledger_account_id', 'purchase_ledger_account_id'] as const) {
    if (fields[key] && !live(biz.ledger_accounts, fields[key])) input.fail(key, 'is invalid');
  }
  for (const key of ['sales_tax_rate_id', 'purchase_tax_rate_id'] as const) {
    if (fields[key] && !live(biz.tax_rates, fields[key])) input.fail(key, 'is invalid');
  }
  if (fields.item_code && isTaken(biz, kind.name, fields.item_code, self)) {
    input.fail('item_code', 'has already been taken');
  }
  return stripUndefined(fields);
}

function usedOnInvoice(biz: BusinessState, kind: CatalogKind, id: string): boolean {
  const key = kind.singular === 'product' ? 'product_id' : 'service_id';
  for (const invoice of biz.sales_invoices.values()) {
    if (invoice.data.lines.some((line) => line[key] === id)) return true;
  }
  return false;
}

function catalogResource(kind: CatalogKind): ResourceDef<CatalogItemData> {
  const display = (record: StoredRecord<CatalogItemData>) => record.data.item_code || record.data.description;
  return {
    name: kind.name,
    singular: kind.singular,
    changeFilters: 'both',
    collection: kind.collection,
    displayedAs: display,
    render(record, biz) {
      const d = record.data;
      const p = kind.prices;
      const types = kind.priceTypes(biz);
      return {
        ...baseFields(kind.name, record, display(record)),
        deletable: !usedOnInvoice(biz, kind, record.id),
        deactivatable: true,
        used_on_recurring_invoice: false,
        item_code: d.item_code ?? null,
        description: d.description,
        notes: d.notes ?? null,
        sales_ledger_account: recordLink(ledgerAccounts, biz, d.sales_ledger_account_id),
        purchase_ledger_account: recordLink(ledgerAccounts, biz, d.purchase_ledger_account_id),
        sales_tax_rate: recordLink(taxRates, biz, d.sales_tax_rate_id),
        purchase_tax_rate: recordLink(taxRates, biz, d.purchase_tax_rate_id),
        cost_price: d.cost_price === undefined ? null : decimal(d.cost_price, 5),
        [p.key]: d.prices.map((price) => ({
          id: price.typeId,
          displayed_as: price.name,
          created_at: isoSeconds(record.createdAt),
          updated_at: isoSeconds(record.updatedAt),
          [p.name]: price.name,
          [p.amount]: decimal(price.amount, 5),
          [p.includesTax]: price.includesTax,
          [p.type]: {
            id: price.typeId,
            displayed_as: types.find((t) => t.id === price.typeId)?.displayed_as ?? price.name,
            $path: `/${kind.typesResource}/${price.typeId}`,
          },
        })),
        purchase_description: d.purchase_description ?? null,
        active: d.active,
        ...(kind.singular === 'product'
          ? {
              catalog_item_type: {
                id: 'STOCK_ITEM',
                displayed_as: 'Stock',
                $path: '/catalog_item_types/STOCK_ITEM',
              },
            }
          : { oss_service: false }),
      };
    },
    create(input, ctx) {
      const fields = readItemFields(input, kind, ctx);
      if (!fields.description) input.fail('description', "can't be blank");
      if (!fields.sales_ledger_account_id) input.fail('sales_ledger_account_id', "can't be blank");
      if (kind.requiresPurchaseLedger && !fields.purchase_ledger_account_id) {
        input.fail('purchase_ledger_account_id', "can't be blank");
      }
      if (input.issues.length > 0) throw recordInvalid(input.issues);
      const record: StoredRecord<CatalogItemData> = {
        id: newId(),
        createdAt: ctx.now,
        updatedAt: ctx.now,
        data: {
          ...fields,
          description: fields.description!,
          sales_ledger_account_id: fields.sales_ledger_account_id!,
          active: fields.active ?? true,
          // Sage starts an item with one zero price per price type when none are sent.
          prices:
            fields.prices ??
            kind
              .priceTypes(ctx.biz)
              .map((t) => ({ name: t.displayed_as, amount: 0, includesTax: false, typeId: t.id })),
        },
      };
      kind.collection(ctx.biz).set(record.id, record);
      claimUnique(ctx.biz, kind.name, record.id, undefined, record.data.item_code);
      return record;
    },
    update(record, input, ctx) {
      const { prices, ...fields } = readItemFields(input, kind, ctx, record.id);
      if (input.issues.length > 0) throw recordInvalid(input.issues);
      claimUnique(
        ctx.biz,
        kind.name,
        record.id,
        record.data.item_code,
        fields.item_code ?? record.data.item_code,
      );
      Object.assign(record.data, fields);
      // A price sent for an existing price type replaces it; others are added.
      for (const price of prices ?? []) {
        const index = record.data.prices.findIndex((p) => p.typeId === price.typeId);
        if (index >= 0) record.data.prices[index] = price;
        else record.data.prices.push(price);
      }
      touch(record, ctx.now);
    },
    remove(record, ctx) {
      if (usedOnInvoice(ctx.biz, kind, record.id)) {
        throw recordInvalid([
          { source: 'base', message: `The ${kind.singular} is used on an invoice and cannot be deleted` },
        ]);
      }
      record.deletedAt = ctx.now;
      claimUnique(ctx.biz, kind.name, record.id, record.data.item_code, undefined);
      return { status: 204 };
    },
    matches(record, query) {
      if (query.active !== undefined && String(record.data.active) !== query.active) return false;
      return containsText([record.data.item_code, record.data.description], query.search);
    },
  };
}

export const products = catalogResource({
  name: 'products',
  singular: 'product',
  prices: {
    key: 'sales_prices',
    name: 'price_name',
    amount: 'price',
    includesTax: 'price_includes_tax',
    typeId: 'product_sales_price_type_id',
    type: 'product_sales_price_type',
  },
  requiresPurchaseLedger: true,
  collection: (biz) => biz.products,
  priceTypes: (biz) => biz.product_sales_price_types,
  typesResource: 'product_sales_price_types',
});

export const services = catalogResource({
  name: 'services',
  singular: 'service',
  prices: {
    key: 'sales_rates',
    name: 'rate_name',
    amount: 'rate',
    includesTax: 'rate_includes_tax',
    typeId: 'service_rate_type_id',
    type: 'service_rate_type',
  },
  requiresPurchaseLedger: false,
  collection: (biz) => biz.services,
  priceTypes: (biz) => biz.service_rate_types,
  typesResource: 'service_rate_types',
});

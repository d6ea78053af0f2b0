import type { FieldReader } from '../fields.js';
import { decimal, roundMoney } from '../format.js';
import { newId } from '../ids.js';
import { ARTEFACT_STATUSES, CA_TAX_ADDRESS_REGIONS, CURRENCIES } from '../reference-data.js';
import { recordInvalid } from '../sage-errors.js';
import { live, type InvoiceLineData, type SalesInvoiceData, type StoredRecord } from '../store.js';
import { ledgerAccounts, taxRates } from './accounting.js';
import { products, services } from './catalog-items.js';
import { touch } from './contact-parts.js';
import { contacts } from './contacts.js';
import {
  baseFields,
  containsText,
  lookupLink,
  recordLink,
  type ResourceDef,
  type WriteContext,
} from './resource.js';

const NOT_EDITABLE = new Set(['VOID', 'PAID', 'PART_PAID']);

function readLine(line: FieldReader, ctx: WriteContext, regionId: string | undefined): InvoiceLineData {
  const { biz } = ctx;
  const description = line.string('description', { required: true, max: 255 }) ?? '';
  const ledgerAccountId = line.string('ledger_account_id', { required: true }) ?? '';
  const unitPrice = line.number('unit_price', { required: true }) ?? 0;
  const quantity = line.number('quantity') ?? 1;
  const discount = line.number('discount_amount') ?? 0;
  const includesTax = line.boolean('unit_price_includes_tax') ?? false;
  const productId = line.string('product_id');
  const serviceId = line.string('service_id');
  const taxRateId = line.string('tax_rate_id');
  const givenTax = line.number('tax_amount');

  const ledger = live(biz.ledger_accounts, ledgerAccountId);
  if (ledgerAccountId && (!ledger || !ledger.data.visible_in_sales))
    line.fail('ledger_account_id', 'is invalid');
  if (productId && !live(biz.products, productId)) line.fail('product_id', 'is invalid');
  if (serviceId && !live(biz.services, serviceId)) line.fail('service_id', 'is invalid');
  const rate = live(biz.tax_rates, taxRateId);
  if (taxRateId && !rate) line.fail('tax_rate_id', 'is invalid');
  if (rate?.data.regions && regionId && !rate.data.regions.includes(regionId)) {
    line.fail('tax_rate_id', 'is not valid for the tax address region');
  }

  const gross = roundMoney(quantity * unitPrice - discount);
  // v3.1 requires the line's tax amount unless the rate is zero, exempt or no-tax, where Sage
  // infers 0.0; a taxable rate with a zero amount is the v3 default the spec warns about.
  let tax = givenTax ?? 0;
  if (rate && rate.data.kind !== 'standard') tax = 0;
  else if (rate && rate.data.percentage > 0 && gross !== 0) {
    if (givenTax === undefined) line.fail('tax_amount', "can't be blank");
    else if (givenTax === 0) line.fail('tax_amount', 'must not be zero for a taxable rate');
  }
  const net = includesTax ? roundMoney(gross - tax) : gross;
  return {
    id: newId(),
    description,
    ...(productId ? { product_id: productId } : {}),
    ...(serviceId ? { service_id: serviceId } : {}),
    ledger_account_id: ledgerAccountId,
    quantity,
    unit_price: unitPrice,
    unit_price_includes_tax: includesTax,
    discount_amount: discount,
    ...(taxRateId ? { tax_rate_id: taxRateId } : {}),
    net_amount: net,
    tax_amount: roundMoney(tax),
    total_amount: roundMoney(net + tax),
  };
}

type InvoiceFields = Partial<Omit<SalesInvoiceData, 'invoice_number' | 'lines'>> & {
  lines?: InvoiceLineData[];
};

function readInvoiceFields(
  input: FieldReader,
  ctx: WriteContext,
  existing?: SalesInvoiceData,
): InvoiceFields {
  const { biz } = ctx;
  const fields: InvoiceFields = {};
  const contactId = input.string('contact_id');
  if (contactId !== undefined) {
    const contact = live(biz.contacts, contactId);
    // Sage's words for a missing or non-customer contact.
    if (!contact || !contact.data.contact_type_ids.includes('CUSTOMER'))
      input.fail('contact_id', "can't find customer");
    fields.contact_id = contactId;
  }
  const date = input.date('date');
  if (date) fields.date = date;
  const dueDate = input.date('due_date');
  if (dueDate) fields.due_date = dueDate;
  for (const [key, max] of [
    ['reference', 25],
    ['notes', 2000],
    ['terms_and_conditions', 2000],
  ] as const) {
    const value = input.string(key, { max });
    if (value !== undefined) fields[key] = value;
  }
  const currencyId = input.string('currency_id');
  if (currencyId) {
    if (!CURRENCIES.some((c) => c.id === currencyId)) input.fail('currency_id', 'is invalid');
    else if (
      currencyId !== biz.financialSettings.base_currency_id &&
      !biz.financialSettings.multi_currency_enabled
    ) {
      input.fail('currency_id', 'is invalid because multi-currency is not enabled');
    }
    fields.currency_id = currencyId;
  }
  const exchangeRate = input.number('exchange_rate');
  if (exchangeRate !== undefined) {
    if (exchangeRate <= 0) input.fail('exchange_rate', 'must be greater than 0');
    fields.exchange_rate = exchangeRate;
  }
  const statusId = input.string('status_id');
  if (statusId) {
    if (statusId !== 'DRAFT' && statusId !== 'UNPAID') input.fail('status_id', 'is invalid');
    fields.status_id = statusId;
  }
  const region = input.string('tax_address_region_id')?.toUpperCase();
  if (region !== undefined) {
    if (biz.country === 'CA' && !CA_TAX_ADDRESS_REGIONS.some((r) => r.id === region)) {
      input.fail('tax_address_region_id', 'is invalid');
    }
    fields.tax_address_region_id = region;
  }
  const lines = input.objectArray('invoice_lines');
  if (lines) {
    if (lines.length === 0) input.fail('invoice_lines', "can't be blank");
    const regionId = fields.tax_address_region_id ?? existing?.tax_address_region_id;
    fields.lines = lines.map((line) => readLine(line, ctx, regionId));
  }
  return fields;
}

function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

function totals(lines: InvoiceLineData[]) {
  const sum = (pick: (l: InvoiceLineData) => number) => roundMoney(lines.reduce((s, l) => s + pick(l), 0));
  return {
    net: sum((l) => l.net_amount),
    tax: sum((l) => l.tax_amount),
    total: sum((l) => l.total_amount),
    discount: sum((l) => l.discount_amount),
    quantity: sum((l) => l.quantity),
  };
}

function display(record: StoredRecord<SalesInvoiceData>): string {
  return record.data.invoice_number;
}

export const salesInvoices: ResourceDef<SalesInvoiceData> = {
  name: 'sales_invoices',
  singular: 'sales_invoice',
  changeFilters: 'both',
  collection: (biz) => biz.sales_invoices,
  displayedAs: display,
  render(record, biz) {
    const d = record.data;
    const contact = biz.contacts.get(d.contact_id);
    const address = contact ? biz.addresses.get(contact.data.main_address_id) : undefined;
    const t = totals(d.lines);
    const rate = d.exchange_rate;
    const open = d.status_id !== 'VOID' && d.status_id !== 'PAID';
    const byRate = new Map<string, { net: number; tax: number; total: number }>();
    for (const line of d.lines) {
      const key = line.tax_rate_id ?? '';
      const entry = byRate.get(key) ?? { net: 0, tax: 0, total: 0 };
      entry.net += line.net_amount;
      entry.tax += line.tax_amount;
      entry.total += line.total_amount;
      byRate.set(key, entry);
    }
    return {
      ...baseFields('sales_invoices', record, display(record)),
      links: [],
      editable: !NOT_EDITABLE.has(d.status_id),
      transaction_type: {
        id: 'SALES_INVOICE',
        displayed_as: 'Sales Invoice',
        $path: '/transaction_types/SALES_INVOICE',
      },
      contact: recordLink(contacts, biz, d.contact_id),
      contact_name: contact?.data.name ?? '',
      contact_reference: contact?.data.reference ?? '',
      invoice_number_prefix: 'SI-',
      invoice_number: d.invoice_number,
      date: d.date,
      due_date: d.due_date,
      reference: d.reference ?? null,
      notes: d.notes ?? null,
      terms_and_conditions: d.terms_and_conditions ?? null,
      main_address: address
        ? {
            address_line_1: address.data.address_line_1 ?? null,
            address_line_2: address.data.address_line_2 ?? null,
            city: address.data.city ?? null,
            region: address.data.region ?? null,
            postal_code: address.data.postal_code ?? null,
            country: lookupLink('countries', [], address.data.country_id),
          }
        : null,
      currency: lookupLink('currencies', CURRENCIES, d.currency_id),
      exchange_rate: decimal(rate, 6),
      inverse_exchange_rate: decimal(1 / rate, 6),
      net_amount: decimal(t.net),
      tax_amount: decimal(t.tax),
      total_amount: decimal(t.total),
      total_quantity: decimal(t.quantity),
      total_discount_amount: decimal(t.discount),
      total_paid: '0.0',
      outstanding_amount: decimal(open ? t.total : 0),
      base_currency_net_amount: decimal(t.net * rate),
      base_currency_tax_amount: decimal(t.tax * rate),
      base_currency_total_amount: decimal(t.total * rate),
      base_currency_outstanding_amount: decimal(open ? t.total * rate : 0),
      status: lookupLink('artefact_statuses', ARTEFACT_STATUSES, d.status_id),
      sent: false,
      void_reason: d.void_reason ?? null,
      tax_address_region: d.tax_address_region_id
        ? lookupLink('address_regions', CA_TAX_ADDRESS_REGIONS, d.tax_address_region_id)
        : null,
      invoice_lines: d.lines.map((line) => {
        const taxRate = line.tax_rate_id ? biz.tax_rates.get(line.tax_rate_id) : undefined;
        return {
          id: line.id,
          displayed_as: line.description,
          description: line.description,
          product: recordLink(products, biz, line.product_id),
          service: recordLink(services, biz, line.service_id),
          ledger_account: recordLink(ledgerAccounts, biz, line.ledger_account_id),
          quantity: decimal(line.quantity, 5),
          unit_price: decimal(line.unit_price, 5),
          unit_price_includes_tax: line.unit_price_includes_tax,
          net_amount: decimal(line.net_amount),
          tax_rate: recordLink(taxRates, biz, line.tax_rate_id),
          tax_amount: decimal(line.tax_amount),
          tax_breakdown: taxRate
            ? [
                {
                  tax_rate: recordLink(taxRates, biz, line.tax_rate_id),
                  percentage: decimal(taxRate.data.percentage, 3),
                  amount: decimal(line.tax_amount),
                },
              ]
            : [],
          total_amount: decimal(line.total_amount),
          discount_amount: decimal(line.discount_amount),
          base_currency_unit_price: decimal(line.unit_price * rate, 5),
          base_currency_net_amount: decimal(line.net_amount * rate),
          base_currency_tax_amount: decimal(line.tax_amount * rate),
          base_currency_total_amount: decimal(line.total_amount * rate),
        };
      }),
      tax_analysis: [...byRate.entries()].map(([taxRateId, sums]) => ({
        tax_rate: recordLink(taxRates, biz, taxRateId || undefined),
        net_amount: decimal(sums.net),
        tax_amount: decimal(sums.tax),
        total_amount: decimal(sums.total),
      })),
    };
  },
  create(input, ctx) {
    const { biz } = ctx;
    const fields = readInvoiceFields(input, ctx);
    if (!input.has('contact_id')) input.fail('contact_id', "can't be blank");
    if (!input.has('date')) input.fail('date', "can't be blank");
    if (!input.has('invoice_lines')) input.fail('invoice_lines', "can't be blank");
    if (biz.country === 'CA' && !fields.tax_address_region_id)
      input.fail('tax_address_region_id', "can't be blank");
    if (input.issues.length > 0) throw recordInvalid(input.issues);
    const contact = biz.contacts.get(fields.contact_id!)!;
    const number = biz.nextInvoiceNumber++;
    const record: StoredRecord<SalesInvoiceData> = {
      id: newId(),
      createdAt: ctx.now,
      updatedAt: ctx.now,
      data: {
        ...fields,
        contact_id: contact.id,
        date: fields.date!,
        due_date: fields.due_date ?? addDays(fields.date!, contact.data.credit_days ?? 30),
        currency_id: fields.currency_id ?? contact.data.currency_id,
        exchange_rate: fields.exchange_rate ?? 1,
        invoice_number: `SI-${number}`,
        status_id: fields.status_id ?? 'UNPAID',
        lines: fields.lines!,
      },
    };
    biz.sales_invoices.set(record.id, record);
    return record;
  },
  update(record, input, ctx) {
    if (NOT_EDITABLE.has(record.data.status_id)) {
      throw recordInvalid([{ source: 'base', message: 'This invoice cannot be edited' }]);
    }
    const fields = readInvoiceFields(input, ctx, record.data);
    if (input.issues.length > 0) throw recordInvalid(input.issues);
    // Lines sent on update replace the invoice's lines.
    Object.assign(record.data, fields);
    touch(record, ctx.now);
  },
  // DELETE voids: the invoice stays, with status VOID. Only drafts really go away.
  remove(record, ctx, query) {
    if (record.data.status_id === 'VOID') {
      throw recordInvalid([{ source: 'base', message: 'This invoice has already been voided' }]);
    }
    if (record.data.status_id === 'DRAFT') {
      record.deletedAt = ctx.now;
      touch(record, ctx.now);
      return { status: 200, body: salesInvoices.render(record, ctx.biz) };
    }
    if (!query.void_reason) throw recordInvalid([{ source: 'void_reason', message: "can't be blank" }]);
    record.data.status_id = 'VOID';
    record.data.void_reason = query.void_reason.slice(0, 200);
    touch(record, ctx.now);
    return { status: 200, body: salesInvoices.render(record, ctx.biz) };
  },
  matches(record, query, biz) {
    const d = record.data;
    if (query.contact_id && d.contact_id !== query.contact_id) return false;
    if (query.status_id && d.status_id !== query.status_id.toUpperCase()) return false;
    if (query.from_date && d.date < query.from_date) return false;
    if (query.to_date && d.date > query.to_date) return false;
    const contact = biz.contacts.get(d.contact_id);
    return containsText([d.reference, d.invoice_number, contact?.data.name], query.search);
  },
  sort(records, query) {
    if (!query.sort) return records;
    const [attribute, direction] = query.sort.split(':');
    const key = (r: StoredRecord<SalesInvoiceData>): string | number =>
      attribute === 'created_at'
        ? r.createdAt
        : attribute === 'updated_at'
          ? r.updatedAt
          : attribute === 'due_date'
            ? r.data.due_date
            : r.data.date;
    const sign = direction === 'desc' ? -1 : 1;
    return [...records].sort((a, b) => (key(a) < key(b) ? -sign : key(a) > key(b) ? sign : 0));
  },
};

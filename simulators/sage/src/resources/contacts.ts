import type { FieldReader } from '../fields.js';
import { decimal } from '../format.js';
import { newId } from '../ids.js';
import { CONTACT_TYPES, CURRENCIES } from '../reference-data.js';
import { recordInvalid } from '../sage-errors.js';
import {
  claimUnique,
  isTaken,
  live,
  type BusinessState,
  type ContactData,
  type StoredRecord,
} from '../store.js';
import {
  applyPersonFields,
  insertAddress,
  insertPerson,
  readAddressFields,
  readPersonFields,
  rejectDelete,
  renderAddressFor,
  renderPersonFor,
  stripUndefined,
  touch,
} from './contact-parts.js';
import { ledgerAccounts, taxRates } from './accounting.js';
import {
  baseFields,
  containsText,
  lookupLink,
  recordLink,
  type Query,
  type ResourceDef,
  type WriteContext,
} from './resource.js';

// VAT number shapes Sage checks for UK and Irish businesses (spaces ignored).
const TAX_NUMBER_FORMAT: Partial<Record<string, RegExp>> = {
  GB: /^(GB)?(\d{9}|\d{12}|GD\d{3}|HA\d{3})$/i,
  IE: /^(IE)?\d{7}[A-Z]{1,2}$|^(IE)?\d[A-Z+*]\d{5}[A-Z]$/i,
};

type ContactFields = Partial<
  Omit<ContactData, 'main_address_id' | 'delivery_address_id' | 'main_contact_person_id' | 'is_active'>
>;

function readContactFields(input: FieldReader, ctx: WriteContext, self?: string): ContactFields {
  const { biz } = ctx;
  const fields: ContactFields = {
    name: input.string('name', { max: 100 }),
    contact_type_ids: input.stringArray('contact_type_ids'),
    reference: input.string('reference', { max: 10 }),
    tax_number: input.string('tax_number', { max: 255 }),
    notes: input.string('notes', { max: 4000 }),
    locale: input.string('locale', { max: 10 }),
    currency_id: input.string('currency_id'),
    credit_limit: input.number('credit_limit'),
    credit_days: input.number('credit_days'),
    credit_terms: input.string('credit_terms'),
    default_sales_ledger_account_id: input.string('default_sales_ledger_account_id'),
    default_sales_tax_rate_id: input.string('default_sales_tax_rate_id'),
    default_purchase_ledger_account_id: input.string('default_purchase_ledger_account_id'),
  };
  if (fields.name === '') input.fail('name', "can't be blank");
  if (input.has('contact_type_ids') && !fields.contact_type_ids)
    input.fail('contact_type_ids', "can't be blank");
  if (fields.contact_type_ids?.some((t) => !CONTACT_TYPES.some((c) => c.id === t))) {
    input.fail('contact_type_ids', 'is invalid');
  }
  if (fields.reference && isTaken(biz, 'contact_reference', fields.reference, self)) {
    input.fail('reference', 'has already been taken');
  }
  const taxFormat = TAX_NUMBER_FORMAT[biz.country];
  if (fields.tax_number && taxFormat && !taxFormat.test(fields.tax_number.replace(/\s/g, ''))) {
    input.fail('tax_number', 'is invalid');
  }
  if (fields.currency_id) {
    if (!CURRENCIES.some((c) => c.id === fields.currency_id)) input.fail('currency_id', 'is invalid');
    else if (
      fields.currency_id !== biz.financialSettings.base_currency_id &&
      !biz.financialSettings.multi_currency_enabled
    ) {
      input.fail('currency_id', 'is invalid because multi-currency is not enabled');
    }
  }
  if (fields.credit_days !== undefined && !Number.isInteger(fields.credit_days))
    input.fail('credit_days', 'must be an integer');
  for (const key of ['default_sales_ledger_account_id', 'default_purchase_ledger_account_id'] as const) {
    if (fields[key] && !live(biz.ledger_accounts, fields[key])) input.fail(key, 'is invalid');
  }
  if (fields.default_sales_tax_rate_id && !live(biz.tax_rates, fields.default_sales_tax_rate_id)) {
    input.fail('default_sales_tax_rate_id', 'is invalid');
  }
  return stripUndefined(fields);
}

const emailMatches = new WeakMap<Query, Set<string>>();

/** The contacts having a person with the queried email, worked out once per list request. */
function contactsWithEmail(query: Query, biz: BusinessState): Set<string> {
  let ids = emailMatches.get(query);
  if (!ids) {
    const wanted = query.email!.toLowerCase();
    ids = new Set();
    for (const person of biz.contact_persons.values()) {
      if (!person.deletedAt && person.data.email?.toLowerCase() === wanted) ids.add(person.data.contact_id);
    }
    emailMatches.set(query, ids);
  }
  return ids;
}

function contactDisplay(data: ContactData): string {
  return data.reference ? `${data.name} (${data.reference})` : data.name;
}

/** Contacts referenced by a live invoice cannot be deleted (Sage's `deletable: false`). */
function hasTransactions(biz: BusinessState, contactId: string): boolean {
  for (const invoice of biz.sales_invoices.values()) {
    if (!invoice.deletedAt && invoice.data.contact_id === contactId) return true;
  }
  return false;
}

export const contacts: ResourceDef<ContactData> = {
  name: 'contacts',
  singular: 'contact',
  changeFilters: 'both',
  collection: (biz) => biz.contacts,
  displayedAs: (record) => contactDisplay(record.data),
  render(record, biz) {
    const d = record.data;
    const mainPerson = biz.contact_persons.get(d.main_contact_person_id);
    return {
      ...baseFields('contacts', record, contactDisplay(d)),
      links: [],
      contact_types: d.contact_type_ids.map((id) => lookupLink('contact_types', CONTACT_TYPES, id)),
      name: d.name,
      reference: d.reference ?? null,
      // The contact has no email of its own: Sage shows the main contact person's.
      email: mainPerson?.data.email ?? null,
      tax_number: d.tax_number ?? null,
      notes: d.notes ?? null,
      locale: d.locale ?? 'en',
      currency: lookupLink('currencies', CURRENCIES, d.currency_id),
      credit_limit: d.credit_limit === undefined ? null : decimal(d.credit_limit),
      credit_days: d.credit_days ?? null,
      credit_terms: d.credit_terms ?? null,
      balance: '0.0',
      main_address: renderAddressFor(biz, d.main_address_id),
      delivery_address: renderAddressFor(biz, d.delivery_address_id),
      main_contact_person: renderPersonFor(biz, d.main_contact_person_id),
      default_sales_ledger_account: recordLink(ledgerAccounts, biz, d.default_sales_ledger_account_id),
      default_purchase_ledger_account: recordLink(ledgerAccounts, biz, d.default_purchase_ledger_account_id),
      default_sales_tax_rate: recordLink(taxRates, biz, d.default_sales_tax_rate_id),
      is_active: d.is_active,
      deletable: !hasTransactions(biz, record.id),
      system: false,
    };
  },
  create(input, ctx) {
    const fields = readContactFields(input, ctx);
    if (!fields.name) input.fail('name', "can't be blank");
    if (!fields.contact_type_ids && !input.has('contact_type_ids'))
      input.fail('contact_type_ids', "can't be blank");
    const mainAddress = input.object('main_address');
    const addressFields = mainAddress ? readAddressFields(mainAddress) : {};
    const deliveryAddress = input.object('delivery_address');
    const deliveryFields = deliveryAddress ? readAddressFields(deliveryAddress) : undefined;
    const mainPerson = input.object('main_contact_person');
    const personFields = mainPerson ? readPersonFields(mainPerson) : {};
    if (input.issues.length > 0) throw recordInvalid(input.issues);

    const id = newId();
    const address = insertAddress(ctx, {
      ...addressFields,
      contact_id: id,
      address_type_id: addressFields.address_type_id ?? 'ACCOUNTS',
      is_main_address: true,
    });
    const delivery = deliveryFields
      ? insertAddress(ctx, {
          ...deliveryFields,
          contact_id: id,
          address_type_id: deliveryFields.address_type_id ?? 'DELIVERY',
          is_main_address: false,
        })
      : undefined;
    const record: StoredRecord<ContactData> = {
      id,
      createdAt: ctx.now,
      updatedAt: ctx.now,
      data: {
        ...fields,
        name: fields.name!,
        contact_type_ids: fields.contact_type_ids!,
        currency_id: fields.currency_id ?? ctx.biz.financialSettings.base_currency_id,
        main_address_id: address.id,
        ...(delivery ? { delivery_address_id: delivery.id } : {}),
        main_contact_person_id: '',
        is_active: true,
      },
    };
    ctx.biz.contacts.set(id, record);
    claimUnique(ctx.biz, 'contact_reference', id, undefined, record.data.reference);
    // Sage gives every contact a main contact person, blank when none is sent.
    insertPerson(ctx, {
      ...personFields,
      name: personFields.name ?? '',
      contact_person_type_ids: personFields.contact_person_type_ids ?? ['ACCOUNTS'],
      address_id: address.id,
      contact_id: id,
      is_main_contact: true,
      is_preferred_contact: personFields.is_preferred_contact ?? false,
    });
    return record;
  },
  update(record, input, ctx) {
    const fields = readContactFields(input, ctx, record.id);
    const mainAddress = input.object('main_address');
    const addressFields = mainAddress ? readAddressFields(mainAddress) : undefined;
    const mainPerson = input.object('main_contact_person');
    const personFields = mainPerson ? readPersonFields(mainPerson) : undefined;
    if (input.issues.length > 0) throw recordInvalid(input.issues);

    claimUnique(
      ctx.biz,
      'contact_reference',
      record.id,
      record.data.reference,
      fields.reference ?? record.data.reference,
    );
    Object.assign(record.data, fields);
    const address = ctx.biz.addresses.get(record.data.main_address_id);
    if (address && addressFields) {
      Object.assign(address.data, addressFields, { is_main_address: true });
      touch(address, ctx.now);
    }
    const person = ctx.biz.contact_persons.get(record.data.main_contact_person_id);
    if (person && personFields) applyPersonFields(ctx, person, { ...personFields, is_main_contact: true });
    touch(record, ctx.now);
  },
  remove(record, ctx) {
    if (hasTransactions(ctx.biz, record.id)) rejectDelete('Contact cannot be deleted as it has transactions');
    record.deletedAt = ctx.now;
    claimUnique(ctx.biz, 'contact_reference', record.id, record.data.reference, undefined);
    // The contact's addresses and people go with it, and show under their own deleted_since.
    for (const child of [...ctx.biz.addresses.values(), ...ctx.biz.contact_persons.values()]) {
      if (child.data.contact_id === record.id && child.deletedAt === undefined) child.deletedAt = ctx.now;
    }
    return { status: 204 };
  },
  matches(record, query, biz) {
    const d = record.data;
    if (query.contact_type_id && !d.contact_type_ids.includes(query.contact_type_id.toUpperCase()))
      return false;
    if (query.filter_inactive_contacts === 'true' && !d.is_active) return false;
    if (!containsText([d.name, d.reference], query.search)) return false;
    if (query.email && !contactsWithEmail(query, biz).has(record.id)) return false;
    return true;
  },
};

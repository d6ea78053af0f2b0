import type { FieldReader } from '../fields.js';
import { newId } from '../ids.js';
import { recordInvalid } from '../sage-errors.js';
import { ADDRESS_TYPES, CONTACT_PERSON_TYPES, COUNTRIES } from '../reference-data.js';
import {
  live,
  type AddressData,
  type BusinessState,
  type ContactPersonData,
  type StoredRecord,
} from '../store.js';
import { baseFields, lookupLink, recordLink, type ResourceDef, type WriteContext } from './resource.js';

// Addresses and contact persons belong to a contact: Sage hangs contact persons off an address,
// and a contact always has a main address and a main contact person.

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

type AddressFields = Omit<AddressData, 'contact_id' | 'is_main_address' | 'address_type_id'> & {
  address_type_id?: string;
  is_main_address?: boolean;
};

/** Reads the address fields shared by POST /addresses and a contact's nested main_address. */
export function readAddressFields(input: FieldReader): AddressFields {
  const fields: AddressFields = {
    name: input.string('name', { max: 50 }),
    address_line_1: input.string('address_line_1', { max: 50 }),
    address_line_2: input.string('address_line_2', { max: 50 }),
    city: input.string('city', { max: 50 }),
    region: input.string('region', { max: 50 }),
    postal_code: input.string('postal_code', { max: 10 }),
    country_id: input.string('country_id'),
    address_type_id: input.string('address_type_id'),
    is_main_address: input.boolean('is_main_address'),
  };
  if (fields.country_id && !COUNTRIES.some((c) => c.id === fields.country_id))
    input.fail('country_id', 'is invalid');
  if (fields.address_type_id && !ADDRESS_TYPES.some((t) => t.id === fields.address_type_id)) {
    input.fail('address_type_id', 'is invalid');
  }
  return stripUndefined(fields);
}

type PersonFields = Partial<Omit<ContactPersonData, 'contact_id'>>;

export function readPersonFields(input: FieldReader): PersonFields {
  const fields: PersonFields = {
    name: input.string('name', { max: 50 }),
    job_title: input.string('job_title', { max: 50 }),
    telephone: input.string('telephone', { max: 50 }),
    mobile: input.string('mobile', { max: 50 }),
    email: input.string('email', { max: 100 }),
    fax: input.string('fax', { max: 50 }),
    is_main_contact: input.boolean('is_main_contact'),
    is_preferred_contact: input.boolean('is_preferred_contact'),
    contact_person_type_ids: input.stringArray('contact_person_type_ids'),
    address_id: input.string('address_id'),
  };
  if (fields.email && !EMAIL.test(fields.email)) input.fail('email', 'is invalid');
  if (fields.contact_person_type_ids?.some((id) => !CONTACT_PERSON_TYPES.some((t) => t.id === id))) {
    input.fail('contact_person_type_ids', 'is invalid');
  }
  return stripUndefined(fields);
}

export function stripUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

export function touch<T>(record: StoredRecord<T>, now: number): void {
  record.updatedAt = now;
}

export function insertAddress(ctx: WriteContext, data: AddressData): StoredRecord<AddressData> {
  const record = { id: newId(), createdAt: ctx.now, updatedAt: ctx.now, data };
  ctx.biz.addresses.set(record.id, record);
  return record;
}

export function insertPerson(ctx: WriteContext, data: ContactPersonData): StoredRecord<ContactPersonData> {
  if (data.is_main_contact) demoteMainPerson(ctx, data.contact_id);
  const record = { id: newId(), createdAt: ctx.now, updatedAt: ctx.now, data };
  ctx.biz.contact_persons.set(record.id, record);
  const contact = ctx.biz.contacts.get(data.contact_id);
  if (contact && data.is_main_contact) contact.data.main_contact_person_id = record.id;
  return record;
}

/** A contact has one main contact person: making another one main demotes the previous one. */
function demoteMainPerson(ctx: WriteContext, contactId: string, except?: string): void {
  const contact = ctx.biz.contacts.get(contactId);
  const person = contact ? ctx.biz.contact_persons.get(contact.data.main_contact_person_id) : undefined;
  if (person && person.id !== except && person.data.is_main_contact) {
    person.data.is_main_contact = false;
    touch(person, ctx.now);
  }
}

function addressDisplay(data: AddressData): string {
  return [data.address_line_1, data.address_line_2, data.city, data.region, data.postal_code]
    .filter((p) => p)
    .join('\n');
}

export const addresses: ResourceDef<AddressData> = {
  name: 'addresses',
  singular: 'address',
  changeFilters: 'both',
  collection: (biz) => biz.addresses,
  displayedAs: (record) => addressDisplay(record.data),
  render(record, biz) {
    const d = record.data;
    return {
      ...baseFields('addresses', record, addressDisplay(d)),
      contact: recordLink(
        { name: 'contacts', collection: (b) => b.contacts, displayedAs: (c) => c.data.name },
        biz,
        d.contact_id,
      ),
      address_type: lookupLink('address_types', ADDRESS_TYPES, d.address_type_id),
      name: d.name ?? null,
      address_line_1: d.address_line_1 ?? null,
      address_line_2: d.address_line_2 ?? null,
      city: d.city ?? null,
      region: d.region ?? null,
      postal_code: d.postal_code ?? null,
      country: lookupLink('countries', COUNTRIES, d.country_id),
      country_group: null,
      bank_account: null,
      is_main_address: d.is_main_address,
    };
  },
  create(input, ctx) {
    const contactId = input.string('contact_id');
    const fields = readAddressFields(input);
    if (!input.has('address_type_id')) input.fail('address_type_id', "can't be blank");
    if (!input.has('name')) input.fail('name', "can't be blank");
    if (!input.has('is_main_address')) input.fail('is_main_address', "can't be blank");
    const contact = live(ctx.biz.contacts, contactId);
    if (!contact) input.fail('contact_id', 'is invalid');
    if (input.issues.length > 0 || !contact) throw recordInvalid(input.issues);
    const record = insertAddress(ctx, {
      ...fields,
      contact_id: contact.id,
      address_type_id: fields.address_type_id ?? 'ACCOUNTS',
      is_main_address: fields.is_main_address ?? false,
    });
    if (record.data.is_main_address) makeMainAddress(ctx, record);
    return record;
  },
  update(record, input, ctx) {
    const fields = readAddressFields(input);
    if (input.issues.length > 0) throw recordInvalid(input.issues);
    Object.assign(record.data, fields);
    if (fields.is_main_address) makeMainAddress(ctx, record);
    touch(record, ctx.now);
  },
  remove(record, ctx) {
    if (record.data.is_main_address) {
      rejectDelete('The main address of a contact cannot be deleted');
    }
    record.deletedAt = ctx.now;
    return { status: 204 };
  },
  matches: (record, query) =>
    (!query.contact_id || record.data.contact_id === query.contact_id) && !query.bank_account_id,
};

function makeMainAddress(ctx: WriteContext, record: StoredRecord<AddressData>): void {
  for (const other of ctx.biz.addresses.values()) {
    if (
      other.id !== record.id &&
      other.data.contact_id === record.data.contact_id &&
      other.data.is_main_address
    ) {
      other.data.is_main_address = false;
      touch(other, ctx.now);
    }
  }
  const contact = ctx.biz.contacts.get(record.data.contact_id);
  if (contact) contact.data.main_address_id = record.id;
}

export function rejectDelete(message: string): never {
  throw recordInvalid([{ source: 'base', message }]);
}

export const contactPersons: ResourceDef<ContactPersonData> = {
  name: 'contact_persons',
  singular: 'contact_person',
  changeFilters: 'both',
  collection: (biz) => biz.contact_persons,
  displayedAs: (record) => record.data.name,
  render(record, biz) {
    const d = record.data;
    return {
      ...baseFields('contact_persons', record, d.name),
      contact_person_types: d.contact_person_type_ids.map((id) =>
        lookupLink('contact_person_types', CONTACT_PERSON_TYPES, id),
      ),
      name: d.name,
      job_title: d.job_title ?? null,
      telephone: d.telephone ?? null,
      mobile: d.mobile ?? null,
      email: d.email ?? null,
      fax: d.fax ?? null,
      is_main_contact: d.is_main_contact,
      is_preferred_contact: d.is_preferred_contact,
      address: recordLink(addresses, biz, d.address_id),
    };
  },
  create(input, ctx) {
    const fields = readPersonFields(input);
    if (!fields.address_id) input.fail('address_id', "can't be blank");
    if (!fields.name) input.fail('name', "can't be blank");
    if (!fields.contact_person_type_ids) input.fail('contact_person_type_ids', "can't be blank");
    const address = live(ctx.biz.addresses, fields.address_id);
    if (fields.address_id && !address) input.fail('address_id', 'is invalid');
    if (input.issues.length > 0 || !address) throw recordInvalid(input.issues);
    return insertPerson(ctx, {
      ...fields,
      name: fields.name!,
      contact_person_type_ids: fields.contact_person_type_ids!,
      address_id: address.id,
      contact_id: address.data.contact_id,
      is_main_contact: fields.is_main_contact ?? false,
      is_preferred_contact: fields.is_preferred_contact ?? false,
    });
  },
  update(record, input, ctx) {
    const fields = readPersonFields(input);
    if (fields.name === '') input.fail('name', "can't be blank");
    const address = fields.address_id ? live(ctx.biz.addresses, fields.address_id) : undefined;
    if (fields.address_id && (!address || address.data.contact_id !== record.data.contact_id)) {
      input.fail('address_id', 'is invalid');
    }
    if (input.issues.length > 0) throw recordInvalid(input.issues);
    applyPersonFields(ctx, record, fields);
  },
  remove(record, ctx) {
    if (record.data.is_main_contact) rejectDelete('The main contact person cannot be deleted');
    record.deletedAt = ctx.now;
    return { status: 204 };
  },
  matches: (record, query) =>
    (!query.contact_id || record.data.contact_id === query.contact_id) &&
    (!query.address_id || record.data.address_id === query.address_id),
};

export function applyPersonFields(
  ctx: WriteContext,
  record: StoredRecord<ContactPersonData>,
  fields: PersonFields,
): void {
  if (fields.is_main_contact && !record.data.is_main_contact) {
    demoteMainPerson(ctx, record.data.contact_id, record.id);
    const contact = ctx.biz.contacts.get(record.data.contact_id);
    if (contact) contact.data.main_contact_person_id = record.id;
  }
  // The main contact person stays main until another one takes over.
  const { is_main_contact: _ignored, ...rest } = fields;
  Object.assign(record.data, rest, fields.is_main_contact ? { is_main_contact: true } : {});
  touch(record, ctx.now);
}

export function renderAddressFor(biz: BusinessState, id: string | undefined) {
  const record = id ? biz.addresses.get(id) : undefined;
  return record ? addresses.render(record, biz) : null;
}

export function renderPersonFor(biz: BusinessState, id: string | undefined) {
  const record = id ? biz.contact_persons.get(id) : undefined;
  return record ? contactPersons.render(record, biz) : null;
}

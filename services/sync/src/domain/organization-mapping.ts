import type { SageContact, SageContactInput } from '../../../../libs/connectors/src/sage/sage-types.js';
import { countryCodeFor, countryNameFor } from './countries.js';

/**
 * Vtiger Organization ↔ Sage customer contact. Both sides are first turned into one flat snapshot
 * (the bridge's own field names), which is what gets hashed, compared, merged and logged; each
 * side's write body is then built from a snapshot. The table reads left to right as the seed's
 * mapping: Vtiger field → snapshot field → Sage field.
 */
export type OrganizationSnapshot = {
  name: string;
  email: string;
  telephone: string;
  addressLine1: string;
  addressLine2: string;
  city: string;
  postalCode: string;
  region: string;
  /** ISO 3166 alpha-2, or "" when unknown. */
  country: string;
  reference: string;
};

export type OrganizationField = keyof OrganizationSnapshot;

export const ORGANIZATION_MAPPING: ReadonlyArray<{ field: OrganizationField; vtiger: string; sage: string }> =
  [
    { field: 'name', vtiger: 'accountname', sage: 'name' },
    // Sage's contact `email` is read-only: it shows the main contact person's email, which is what we write.
    { field: 'email', vtiger: 'email1', sage: 'main_contact_person.email' },
    { field: 'telephone', vtiger: 'phone', sage: 'main_contact_person.telephone' },
    { field: 'addressLine1', vtiger: 'bill_street', sage: 'main_address.address_line_1' },
    { field: 'addressLine2', vtiger: 'bill_pobox', sage: 'main_address.address_line_2' },
    { field: 'city', vtiger: 'bill_city', sage: 'main_address.city' },
    { field: 'postalCode', vtiger: 'bill_code', sage: 'main_address.postal_code' },
    { field: 'region', vtiger: 'bill_state', sage: 'main_address.region' },
    { field: 'country', vtiger: 'bill_country', sage: 'main_address.country_id' },
    { field: 'reference', vtiger: 'account_no', sage: 'reference' },
  ];

/** Sage requires these on a customer; empty means the record is skipped with REQUIRED_FIELD_EMPTY. */
export const ORGANIZATION_REQUIRED_IN_SAGE: readonly OrganizationField[] = ['name'];

/** A tenant may point a snapshot field at another Vtiger field (e.g. email → email2). */
export type FieldOverrides = Partial<Record<string, string>>;

export function vtigerFieldFor(field: OrganizationField, overrides: FieldOverrides = {}): string {
  return overrides[field] ?? ORGANIZATION_MAPPING.find((m) => m.field === field)!.vtiger;
}

const clean = (v: unknown) =>
  typeof v === 'string' ? v.trim() : v === undefined || v === null ? '' : String(v).trim();

export function organizationFromVtiger(
  account: Record<string, string>,
  overrides: FieldOverrides = {},
): OrganizationSnapshot {
  const read = (field: OrganizationField) => clean(account[vtigerFieldFor(field, overrides)]);
  return {
    name: read('name'),
    email: read('email'),
    telephone: read('telephone'),
    addressLine1: read('addressLine1'),
    addressLine2: read('addressLine2'),
    city: read('city'),
    postalCode: read('postalCode'),
    region: read('region'),
    country: countryCodeFor(read('country')) ?? '',
    reference: read('reference'),
  };
}

export function organizationFromSage(contact: SageContact): OrganizationSnapshot {
  const address = contact.main_address ?? undefined;
  const person = contact.main_contact_person ?? undefined;
  return {
    name: clean(contact.name),
    email: clean(person?.email ?? contact.email),
    telephone: clean(person?.telephone),
    addressLine1: clean(address?.address_line_1),
    addressLine2: clean(address?.address_line_2),
    city: clean(address?.city),
    postalCode: clean(address?.postal_code),
    region: clean(address?.region),
    country: clean(address?.country?.id).toUpperCase(),
    reference: clean(contact.reference),
  };
}

/**
 * The Sage write body. Phones live on contact persons in Sage, so the organization's phone goes
 * (and the email) go to the main contact person, named after the organization (Sage requires a
 * name there).
 */
export function sageContactBody(snapshot: OrganizationSnapshot, mode: 'create' | 'update'): SageContactInput {
  return {
    name: snapshot.name,
    ...(mode === 'create' ? { contact_type_ids: ['CUSTOMER' as const] } : {}),
    ...(snapshot.reference ? { reference: snapshot.reference } : {}),
    main_address: {
      ...(mode === 'create' ? { address_type_id: 'ACCOUNTS' } : {}),
      address_line_1: snapshot.addressLine1,
      address_line_2: snapshot.addressLine2,
      city: snapshot.city,
      postal_code: snapshot.postalCode,
      region: snapshot.region,
      ...(snapshot.country ? { country_id: snapshot.country } : {}),
    },
    main_contact_person: {
      name: snapshot.name.slice(0, 50),
      telephone: snapshot.telephone,
      email: snapshot.email,
      ...(mode === 'create' ? { contact_person_type_ids: ['ACCOUNTS'], is_main_contact: true } : {}),
    },
  };
}

/** The Vtiger write element for the reverse direction. */
export function vtigerAccountElement(
  snapshot: OrganizationSnapshot,
  overrides: FieldOverrides = {},
): Record<string, string> {
  const element: Record<string, string> = {};
  for (const { field } of ORGANIZATION_MAPPING) {
    if (field === 'reference') continue; // account_no is Vtiger's own sequence number: never written
    element[vtigerFieldFor(field, overrides)] =
      field === 'country' ? (countryNameFor(snapshot.country) ?? '') : snapshot[field];
  }
  return element;
}

export function organizationLabel(snapshot: OrganizationSnapshot): string {
  return snapshot.name || snapshot.reference || '(unnamed organization)';
}

import { FieldReader } from './fields.js';
import { ledgerAccountId } from './reference-data.js';
import type { ResourceDef } from './resources/resource.js';
import { recordInvalid } from './sage-errors.js';
import type { BusinessState } from './store.js';

type Template = Record<string, unknown>;

/** Fills `{n}` in every string of a template with the record's sequence number. */
function instantiate(value: unknown, n: number): unknown {
  if (typeof value === 'string') return value.replaceAll('{n}', String(n));
  if (Array.isArray(value)) return value.map((v) => instantiate(v, n));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, instantiate(v, n)]));
  }
  return value;
}

function firstCustomerId(biz: BusinessState, create: () => string): string {
  for (const contact of biz.contacts.values()) {
    if (!contact.deletedAt && contact.data.contact_type_ids.includes('CUSTOMER')) return contact.id;
  }
  return create();
}

/** What a seeded record of each resource needs at minimum; the request's template overrides it. */
function defaults(resource: string, biz: BusinessState, seedContact: () => string): Template {
  switch (resource) {
    case 'contacts':
      return { name: 'Seeded Customer {n}', contact_type_ids: ['CUSTOMER'] };
    case 'products':
      return {
        item_code: 'SEED-P-{n}',
        description: 'Seeded product {n}',
        sales_ledger_account_id: ledgerAccountId(biz.id, 4000),
        purchase_ledger_account_id: ledgerAccountId(biz.id, 5000),
      };
    case 'services':
      return {
        item_code: 'SEED-S-{n}',
        description: 'Seeded service {n}',
        sales_ledger_account_id: ledgerAccountId(biz.id, 4010),
      };
    case 'contact_persons': {
      const contact = biz.contacts.get(firstCustomerId(biz, seedContact))!;
      return {
        name: 'Seeded Person {n}',
        contact_person_type_ids: ['ACCOUNTS'],
        address_id: contact.data.main_address_id,
      };
    }
    case 'sales_invoices': {
      const taxRate = [...biz.tax_rates.values()].find(
        (r) => r.data.kind === 'standard' && r.data.percentage > 0,
      );
      return {
        contact_id: firstCustomerId(biz, seedContact),
        date: '2025-01-15',
        reference: 'SEED-{n}',
        ...(biz.country === 'CA' ? { tax_address_region_id: 'CA-ON' } : {}),
        invoice_lines: [
          {
            description: 'Seeded line',
            ledger_account_id: ledgerAccountId(biz.id, 4000),
            quantity: 1,
            unit_price: 100,
            ...(taxRate ? { tax_rate_id: taxRate.id, tax_amount: taxRate.data.percentage } : {}),
          },
        ],
      };
    }
    default:
      return {};
  }
}

/** Bulk-creates records through the same validation as the API, without HTTP or stats. */
export function seedRecords(
  def: ResourceDef<unknown>,
  contactsDef: ResourceDef<unknown>,
  biz: BusinessState,
  now: number,
  count: number,
  template: Template = {},
): string[] {
  const ctx = { biz, now };
  const seedContact = () =>
    contactsDef.create!(
      new FieldReader({ name: 'Seeded Customer', contact_type_ids: ['CUSTOMER'] }, '', []),
      ctx,
    ).id;
  const base = { ...defaults(def.name, biz, seedContact), ...template };
  const ids: string[] = [];
  const start = def.collection(biz).size + 1;
  for (let i = 0; i < count; i += 1) {
    const input = new FieldReader(instantiate(base, start + i) as Template, '', []);
    const record = def.create!(input, ctx);
    if (input.issues.length > 0) throw recordInvalid(input.issues);
    ids.push(record.id);
  }
  return ids;
}

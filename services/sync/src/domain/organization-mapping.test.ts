import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { SageContact } from '../../../../libs/connectors/src/sage/sage-types.js';
import {
  organizationFromSage,
  organizationFromVtiger,
  organizationLabel,
  sageContactBody,
  vtigerAccountElement,
  vtigerFieldFor,
  type OrganizationSnapshot,
} from './organization-mapping.js';

function aVtigerAccount(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    id: '11x42',
    accountname: 'Acme Widgets Ltd',
    account_no: 'ACC42',
    email1: 'accounts@acme.example',
    email2: 'billing@acme.example',
    phone: '+44 20 7946 0000',
    bill_street: '1 High Street',
    bill_pobox: 'PO Box 7',
    bill_city: 'London',
    bill_code: 'EC1A 1BB',
    bill_state: 'Greater London',
    bill_country: 'United Kingdom',
    ...overrides,
  };
}

const link = (id: string) => ({ id, displayed_as: id, $path: `/${id}` });

function aSageCustomer(overrides: Partial<SageContact> = {}): SageContact {
  return {
    ...link('c0ffee00c0ffee00c0ffee00c0ffee00'),
    name: 'Acme Widgets Ltd',
    reference: 'ACC42',
    email: 'accounts@acme.example',
    main_address: {
      ...link('addr1'),
      address_line_1: '1 High Street',
      address_line_2: 'PO Box 7',
      city: 'London',
      postal_code: 'EC1A 1BB',
      region: 'Greater London',
      country: link('GB'),
    },
    main_contact_person: {
      ...link('person1'),
      name: 'Acme Widgets Ltd',
      email: 'accounts@acme.example',
      telephone: '+44 20 7946 0000',
    },
    ...overrides,
  };
}

function aSnapshot(overrides: Partial<OrganizationSnapshot> = {}): OrganizationSnapshot {
  return {
    name: 'Acme Widgets Ltd',
    email: 'accounts@acme.example',
    telephone: '+44 20 7946 0000',
    addressLine1: '1 High Street',
    addressLine2: 'PO Box 7',
    city: 'London',
    postalCode: 'EC1A 1BB',
    region: 'Greater London',
    country: 'GB',
    reference: 'ACC42',
    ...overrides,
  };
}

describe('organization mapping, Vtiger → snapshot', () => {
  test('each Vtiger account field lands in its snapshot field, with the country as an ISO code', () => {
    assert.deepEqual(organizationFromVtiger(aVtigerAccount()), aSnapshot());
  });

  test('surrounding whitespace is trimmed and missing fields read as empty strings', () => {
    const account = aVtigerAccount({ accountname: '  Acme  ' });
    delete account.bill_pobox;
    const snapshot = organizationFromVtiger(account);
    assert.equal(snapshot.name, 'Acme');
    assert.equal(snapshot.addressLine2, '');
  });

  test('a field override reads the snapshot field from the Vtiger field the tenant chose', () => {
    const snapshot = organizationFromVtiger(aVtigerAccount(), { email: 'email2' });
    assert.equal(snapshot.email, 'billing@acme.example');
    assert.equal(vtigerFieldFor('email', { email: 'email2' }), 'email2');
    assert.equal(vtigerFieldFor('email'), 'email1');
  });

  for (const [typed, code] of [
    ['United Kingdom', 'GB'],
    ['  united   kingdom ', 'GB'],
    ['Deutschland', 'DE'],
    ['gb', 'GB'],
    ['USA', 'US'],
    ['UK', 'GB'],
    ['uk', 'GB'],
    ['Atlantis', ''],
    ['', ''],
  ] as const) {
    test(`when bill_country is "${typed}", the snapshot country is "${code}"`, () => {
      assert.equal(organizationFromVtiger(aVtigerAccount({ bill_country: typed })).country, code);
    });
  }
});

describe('organization mapping, Sage → snapshot', () => {
  test('each Sage customer field lands in its snapshot field', () => {
    assert.deepEqual(organizationFromSage(aSageCustomer()), aSnapshot());
  });

  test("the email is the main contact person's, not the contact's read-only mirror", () => {
    const customer = aSageCustomer({
      email: 'stale@acme.example',
      main_contact_person: { ...link('p'), email: 'fresh@acme.example' },
    });
    assert.equal(organizationFromSage(customer).email, 'fresh@acme.example');
  });

  test("without a main contact person, the contact's email and an empty telephone are used", () => {
    const snapshot = organizationFromSage(aSageCustomer({ main_contact_person: null }));
    assert.equal(snapshot.email, 'accounts@acme.example');
    assert.equal(snapshot.telephone, '');
  });

  test('a customer without an address or reference maps them to empty strings', () => {
    const snapshot = organizationFromSage(aSageCustomer({ main_address: null, reference: null }));
    assert.deepEqual(
      [snapshot.addressLine1, snapshot.city, snapshot.country, snapshot.reference],
      ['', '', '', ''],
    );
  });

  test('a lower-case country id is upper-cased', () => {
    const customer = aSageCustomer({ main_address: { ...link('a'), country: link('ie') } });
    assert.equal(organizationFromSage(customer).country, 'IE');
  });
});

describe('organization mapping, snapshot → Sage write body', () => {
  test('a create marks the contact a CUSTOMER with an ACCOUNTS address and a main ACCOUNTS contact person', () => {
    assert.deepEqual(sageContactBody(aSnapshot(), 'create'), {
      name: 'Acme Widgets Ltd',
      contact_type_ids: ['CUSTOMER'],
      reference: 'ACC42',
      main_address: {
        address_type_id: 'ACCOUNTS',
        address_line_1: '1 High Street',
        address_line_2: 'PO Box 7',
        city: 'London',
        postal_code: 'EC1A 1BB',
        region: 'Greater London',
        country_id: 'GB',
      },
      main_contact_person: {
        name: 'Acme Widgets Ltd',
        telephone: '+44 20 7946 0000',
        email: 'accounts@acme.example',
        contact_person_type_ids: ['ACCOUNTS'],
        is_main_contact: true,
      },
    });
  });

  test('an update sends the same fields without the create-only types', () => {
    const body = sageContactBody(aSnapshot(), 'update');
    assert.equal('contact_type_ids' in body, false);
    assert.equal('address_type_id' in body.main_address!, false);
    assert.deepEqual(body.main_contact_person, {
      name: 'Acme Widgets Ltd',
      telephone: '+44 20 7946 0000',
      email: 'accounts@acme.example',
    });
  });

  test("the email is written on the main contact person, never on the contact's read-only email", () => {
    for (const mode of ['create', 'update'] as const) {
      const body = sageContactBody(aSnapshot({ email: 'new@acme.example' }), mode);
      assert.equal(body.main_contact_person?.email, 'new@acme.example');
      assert.equal('email' in body, false);
    }
  });

  test('an empty reference and an unknown country are left out rather than sent empty', () => {
    const body = sageContactBody(aSnapshot({ reference: '', country: '' }), 'create');
    assert.equal('reference' in body, false);
    assert.equal('country_id' in body.main_address!, false);
  });

  test("the contact person's name is the organization's, cut to Sage's 50 characters", () => {
    const body = sageContactBody(aSnapshot({ name: 'N'.repeat(80) }), 'update');
    assert.equal(body.name, 'N'.repeat(80));
    assert.equal(body.main_contact_person?.name, 'N'.repeat(50));
  });
});

describe('organization mapping, snapshot → Vtiger element', () => {
  test('each snapshot field is written to its Vtiger field, with the country as a name', () => {
    assert.deepEqual(vtigerAccountElement(aSnapshot({ country: 'DE' })), {
      accountname: 'Acme Widgets Ltd',
      email1: 'accounts@acme.example',
      phone: '+44 20 7946 0000',
      bill_street: '1 High Street',
      bill_pobox: 'PO Box 7',
      bill_city: 'London',
      bill_code: 'EC1A 1BB',
      bill_state: 'Greater London',
      bill_country: 'Germany',
    });
  });

  test("account_no is Vtiger's own sequence number and is never written", () => {
    assert.equal('account_no' in vtigerAccountElement(aSnapshot({ reference: 'SAGE-REF' })), false);
  });

  test('a field override writes the snapshot field to the Vtiger field the tenant chose', () => {
    const element = vtigerAccountElement(aSnapshot(), { email: 'email2' });
    assert.equal(element.email2, 'accounts@acme.example');
    assert.equal('email1' in element, false);
  });

  test('an empty country is written as an empty bill_country; an unlisted code as itself', () => {
    assert.equal(vtigerAccountElement(aSnapshot({ country: '' })).bill_country, '');
    assert.equal(vtigerAccountElement(aSnapshot({ country: 'KE' })).bill_country, 'KE');
  });

  test('a snapshot written to Vtiger reads back as the same snapshot, less the reference', () => {
    const snapshot = aSnapshot({ country: 'FR' });
    assert.deepEqual(organizationFromVtiger(vtigerAccountElement(snapshot)), { ...snapshot, reference: '' });
  });
});

describe('organization label', () => {
  test('is the name, else the reference, else a placeholder', () => {
    assert.equal(organizationLabel(aSnapshot()), 'Acme Widgets Ltd');
    assert.equal(organizationLabel(aSnapshot({ name: '' })), 'ACC42');
    assert.equal(organizationLabel(aSnapshot({ name: '', reference: '' })), '(unnamed organization)');
  });
});

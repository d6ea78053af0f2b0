import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { OrganizationSnapshot } from './organization-mapping.js';
import { organizationToSageRules, organizationToVtigerRules } from './organization-rules.js';
import { firstSkipReason, type SkipRule } from './skip-rules.js';

function anOrganization(overrides: Partial<OrganizationSnapshot> = {}): OrganizationSnapshot {
  return {
    name: 'Acme Widgets Ltd',
    email: 'accounts@acme.example',
    telephone: '',
    addressLine1: '',
    addressLine2: '',
    city: '',
    postalCode: '',
    region: '',
    country: '',
    reference: 'ACC42',
    ...overrides,
  };
}

describe('organization skip rules, Vtiger → Sage', () => {
  test('when an organization has a name, it is not skipped', () => {
    assert.equal(firstSkipReason(organizationToSageRules(), anOrganization(), 'ACC42'), undefined);
  });

  test('when an organization has no name, it is skipped with REQUIRED_FIELD_EMPTY naming the record and accountname', () => {
    const reason = firstSkipReason(organizationToSageRules(), anOrganization({ name: '' }), 'ACC42');
    assert.equal(reason?.code, 'REQUIRED_FIELD_EMPTY');
    assert.equal(reason?.field, 'accountname');
    assert.match(reason?.message ?? '', /Organization ACC42 /);
    assert.match(reason?.message ?? '', /empty accountname/);
  });

  test('when the name is mapped from another Vtiger field, the reason names that field', () => {
    const rules = organizationToSageRules({ name: 'cf_trading_name' });
    const reason = firstSkipReason(rules, anOrganization({ name: '' }), 'ACC42');
    assert.equal(reason?.field, 'cf_trading_name');
    assert.match(reason?.message ?? '', /empty cf_trading_name/);
  });
});

describe('organization skip rules, Sage → Vtiger', () => {
  test('when a Sage customer has a name, it is not skipped', () => {
    assert.equal(firstSkipReason(organizationToVtigerRules, anOrganization(), 'ACC42'), undefined);
  });

  test('when a Sage customer has no name, it is skipped with REQUIRED_FIELD_EMPTY naming the record and accountname', () => {
    const reason = firstSkipReason(organizationToVtigerRules, anOrganization({ name: '' }), 'ACC42');
    assert.equal(reason?.code, 'REQUIRED_FIELD_EMPTY');
    assert.equal(reason?.field, 'name');
    assert.match(reason?.message ?? '', /Sage customer ACC42 .*accountname/);
  });
});

describe('firstSkipReason', () => {
  const rule = (code: SkipRule<number>['code'], field: string, applies: (n: number) => boolean) => ({
    code,
    field,
    applies,
    message: (n: number, label: string) => `${label} has ${field} ${n}`,
  });
  const rules = [
    rule('DESCRIPTION_MISSING', 'description', (n) => n < 0),
    rule('MULTIPLE_TAXES', 'taxes', (n) => n > 1),
  ];

  test('when no rule applies, there is no reason', () => {
    assert.equal(firstSkipReason(rules, 1, 'X'), undefined);
  });

  test('when one rule applies, its code, field and message (with the label) are the reason', () => {
    assert.deepEqual(firstSkipReason(rules, 2, 'INV-1'), {
      code: 'MULTIPLE_TAXES',
      field: 'taxes',
      message: 'INV-1 has taxes 2',
    });
  });

  test('when several rules apply, the first listed wins', () => {
    const both = [...rules, rule('GROUP_TAX_MODE', 'mode', () => true)];
    assert.equal(firstSkipReason(both, -1, 'X')?.code, 'DESCRIPTION_MISSING');
  });
});

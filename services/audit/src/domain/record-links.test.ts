import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sageRecordUrl, vtigerRecordUrl } from './record-links.js';

describe('links to a record in Vtiger', () => {
  for (const [module, vtigerModule] of [
    ['organizations', 'Accounts'],
    ['contacts', 'Contacts'],
    ['products', 'Products'],
    ['services', 'Services'],
    ['invoices', 'Invoice'],
  ] as const) {
    test(`a record of ${module} opens in the ${vtigerModule} detail view by its CRM id`, () => {
      assert.equal(
        vtigerRecordUrl('https://crm.acme.example', module, '11x42'),
        `https://crm.acme.example/index.php?module=${vtigerModule}&view=Detail&record=42`,
      );
    });
  }

  test('trailing slashes on the base URL are not doubled', () => {
    assert.equal(
      vtigerRecordUrl('https://crm.acme.example//', 'organizations', '11x42'),
      'https://crm.acme.example/index.php?module=Accounts&view=Detail&record=42',
    );
  });

  test('without a base URL or a Vtiger id there is no link', () => {
    assert.equal(vtigerRecordUrl(undefined, 'organizations', '11x42'), undefined);
    assert.equal(vtigerRecordUrl('https://crm.acme.example', 'organizations', undefined), undefined);
  });
});

describe('links to a record in Sage', () => {
  for (const [module, path] of [
    ['organizations', 'contacts/customers'],
    ['products', 'products_services'],
    ['services', 'products_services'],
    ['invoices', 'invoicing/sales_invoices'],
  ] as const) {
    test(`a record of ${module} opens under ${path}`, () => {
      assert.equal(sageRecordUrl(module, 'abc123'), `https://app.accounting.sage.com/${path}/abc123`);
    });
  }

  test('without a Sage id there is no link', () => {
    assert.equal(sageRecordUrl('organizations', undefined), undefined);
  });
});

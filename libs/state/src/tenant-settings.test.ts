import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ModuleName } from '../../contracts/src/modules.js';
import { applyModuleRules, defaultSettings, settingsSchema, type TenantSettings } from './tenant-settings.js';

/** Settings with the listed modules enabled (both directions) and every other module disabled. */
function settingsWith(...enabled: ModuleName[]): TenantSettings {
  const settings = defaultSettings();
  for (const module of enabled) settings.modules[module] = { enabled: true, direction: 'both' };
  return settings;
}

describe('module rules', () => {
  const dependencyCases: Array<[ModuleName[], string]> = [
    [[], 'organizations, products, services are disabled'],
    [['organizations'], 'products, services are disabled'],
    [['organizations', 'products'], 'services is disabled'],
    [['products', 'services'], 'organizations is disabled'],
  ];
  for (const [enabled, missing] of dependencyCases) {
    test(`when invoices are enabled with only [${enabled.join(', ')}], it is refused with MODULE_DEPENDENCY saying ${missing}`, () => {
      assert.deepEqual(applyModuleRules(settingsWith('invoices', ...enabled)), {
        problem: {
          code: 'MODULE_DEPENDENCY',
          field: 'modules.invoices.enabled',
          message: `invoices cannot be enabled while ${missing}`,
        },
      });
    });
  }

  test('when invoices are enabled with organizations, products and services, the settings take effect', () => {
    const result = applyModuleRules(settingsWith('invoices', 'organizations', 'products', 'services'));
    assert.ok('settings' in result);
    assert.equal(result.settings.modules.invoices.enabled, true);
  });

  test('when invoices are disabled, products and services may be disabled too', () => {
    assert.ok('settings' in applyModuleRules(settingsWith('organizations')));
  });

  test('contacts follow their organization, whatever was asked for contacts', () => {
    const settings = settingsWith('contacts');
    settings.modules.organizations = { enabled: true, direction: 'vtiger_to_sage' };
    const result = applyModuleRules(settings);
    assert.ok('settings' in result);
    assert.deepEqual(result.settings.modules.contacts, { enabled: true, direction: 'vtiger_to_sage' });
  });

  test('when organizations are disabled, contacts are disabled with them', () => {
    const result = applyModuleRules(settingsWith('contacts'));
    assert.ok('settings' in result);
    assert.equal(result.settings.modules.contacts.enabled, false);
  });

  test('the settings given are not modified', () => {
    const settings = settingsWith('organizations', 'contacts');
    settings.modules.contacts = { enabled: false, direction: 'sage_to_vtiger' };
    applyModuleRules(settings);
    assert.deepEqual(settings.modules.contacts, { enabled: false, direction: 'sage_to_vtiger' });
  });
});

describe('default settings', () => {
  test('every module starts disabled in both directions, with newest_wins on conflicts', () => {
    const settings = defaultSettings();
    for (const setting of Object.values(settings.modules)) {
      assert.deepEqual(setting, { enabled: false, direction: 'both' });
    }
    assert.equal(settings.conflictPolicy, 'newest_wins');
  });

  test('they pass the settings schema unchanged', () => {
    assert.deepEqual(settingsSchema.parse(defaultSettings()), defaultSettings());
  });
});

import { z } from 'zod';
import { MODULES, MODULE_DIRECTIONS, type ModuleName } from '../../contracts/src/modules.js';

/**
 * A tenant's sync settings (GET/PUT /v1/tenants/{t}/settings). Pure data and rules; stored on the
 * tenant document, read by ingest and sync, written only by audit.
 */
const moduleSetting = z.object({
  enabled: z.boolean(),
  direction: z.enum(MODULE_DIRECTIONS),
});
export type ModuleSetting = z.infer<typeof moduleSetting>;

export const settingsSchema = z.object({
  modules: z.object(
    Object.fromEntries(MODULES.map((m) => [m, moduleSetting])) as Record<ModuleName, typeof moduleSetting>,
  ),
  /** Per module: target field → source field overrides of the default mapping. */
  fieldMappings: z.record(z.string(), z.record(z.string(), z.string())).default({}),
  accountMapping: z
    .object({
      salesLedgerAccountId: z.string().optional(),
      purchaseLedgerAccountId: z.string().optional(),
      /** Vtiger tax name (tax1, tax2, ... or label) → Sage tax rate id. */
      taxRates: z.record(z.string(), z.string()).default({}),
    })
    .default({ taxRates: {} }),
  conflictPolicy: z.enum(['newest_wins', 'vtiger_wins', 'sage_wins']).default('newest_wins'),
  deletionPolicy: z.record(z.string(), z.enum(['archive', 'propagate', 'ignore'])).default({}),
});
export type TenantSettings = z.infer<typeof settingsSchema>;

export function defaultSettings(): TenantSettings {
  return {
    modules: Object.fromEntries(
      MODULES.map((m) => [m, { enabled: false, direction: 'both' }]),
    ) as TenantSettings['modules'],
    fieldMappings: {},
    accountMapping: { taxRates: {} },
    conflictPolicy: 'newest_wins',
    deletionPolicy: {},
  };
}

export interface SettingsProblem {
  code: 'MODULE_DEPENDENCY';
  message: string;
  field: string;
}

/**
 * Module rules: contacts follow their organization; enabling invoices needs organizations,
 * products and services. Returns the settings as they take effect, or the rule they break.
 */
export function applyModuleRules(
  settings: TenantSettings,
): { settings: TenantSettings } | { problem: SettingsProblem } {
  const m = settings.modules;
  if (m.invoices.enabled) {
    const missing = (['organizations', 'products', 'services'] as const).filter((d) => !m[d].enabled);
    if (missing.length) {
      return {
        problem: {
          code: 'MODULE_DEPENDENCY',
          field: 'modules.invoices.enabled',
          message: `invoices cannot be enabled while ${missing.join(', ')} ${missing.length > 1 ? 'are' : 'is'} disabled`,
        },
      };
    }
  }
  return {
    settings: { ...settings, modules: { ...m, contacts: { ...m.organizations } } },
  };
}

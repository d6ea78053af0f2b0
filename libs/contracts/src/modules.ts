/** The five synced modules, named as every API and event names them (DESIGN.md section 4). */
export const MODULES = ['organizations', 'contacts', 'products', 'services', 'invoices'] as const;
export type ModuleName = (typeof MODULES)[number];

export const DIRECTIONS = ['vtiger_to_sage', 'sage_to_vtiger'] as const;
export type Direction = (typeof DIRECTIONS)[number];

/** A module's configured direction: one way or both. */
export const MODULE_DIRECTIONS = ['vtiger_to_sage', 'sage_to_vtiger', 'both'] as const;
export type ModuleDirection = (typeof MODULE_DIRECTIONS)[number];

export type Side = 'vtiger' | 'sage';

/** Vtiger's own module names, as webhooks and the webservice API spell them. */
export const VTIGER_MODULE_OF: Record<ModuleName, string> = {
  organizations: 'Accounts',
  contacts: 'Contacts',
  products: 'Products',
  services: 'Services',
  invoices: 'Invoice',
};

/** Sage v3.1 resource paths. */
export const SAGE_RESOURCE_OF: Record<ModuleName, string> = {
  organizations: 'contacts',
  contacts: 'contact_persons',
  products: 'products',
  services: 'services',
  invoices: 'sales_invoices',
};

export function moduleForVtigerModule(vtigerModule: string): ModuleName | undefined {
  const entry = Object.entries(VTIGER_MODULE_OF).find(
    ([, v]) => v.toLowerCase() === vtigerModule.toLowerCase(),
  );
  return entry?.[0] as ModuleName | undefined;
}

export function directionFrom(side: Side): Direction {
  return side === 'vtiger' ? 'vtiger_to_sage' : 'sage_to_vtiger';
}

export function allows(configured: ModuleDirection, direction: Direction): boolean {
  return configured === 'both' || configured === direction;
}

/**
 * Where an operator opens a record: the Vtiger detail view and the Sage web app. Pure string
 * building from ids the sync log already holds.
 */
const VTIGER_MODULE: Record<string, string> = {
  organizations: 'Accounts',
  contacts: 'Contacts',
  products: 'Products',
  services: 'Services',
  invoices: 'Invoice',
};
const SAGE_PATH: Record<string, string> = {
  organizations: 'contacts/customers',
  contacts: 'contacts/customers',
  products: 'products_services',
  services: 'products_services',
  invoices: 'invoicing/sales_invoices',
};

export function vtigerRecordUrl(
  vtigerBaseUrl: string | undefined,
  module: string,
  vtigerId: string | undefined,
) {
  if (!vtigerBaseUrl || !vtigerId) return undefined;
  const crmId = vtigerId.split('x')[1];
  return `${vtigerBaseUrl.replace(/\/+$/, '')}/index.php?module=${VTIGER_MODULE[module]}&view=Detail&record=${crmId}`;
}

export function sageRecordUrl(module: string, sageId: string | undefined) {
  return sageId ? `https://app.accounting.sage.com/${SAGE_PATH[module]}/${sageId}` : undefined;
}

/**
 * Stock Vtiger 8.2.0 module metadata as a real instance reported it (reference/vtiger-observed.md and
 * the golden corpus): field order, storage formats, mandatory flags and webservice id prefixes.
 * Field order matters because retrieve/query answer keys in this order and describe lists them so.
 */

export type FieldKind =
  | 'string'
  | 'text'
  | 'phone'
  | 'email'
  | 'url'
  | 'picklist'
  | 'integer'
  /** Currency rounded to the user's currency decimals (2), stored with 8 decimals. */
  | 'money'
  /** Decimal stored with 8 decimals and never rounded (inventory totals). */
  | 'decimal8'
  | 'decimal3'
  | 'decimal2'
  | 'boolean'
  | 'reference'
  | 'owner'
  | 'date'
  | 'datetime'
  | 'autonumber'
  /** Set by the server only (source, modifiedby, ...). */
  | 'system';

export interface FieldDef {
  name: string;
  kind: FieldKind;
  label: string;
  mandatory: boolean;
  nullable: boolean;
  editable: boolean;
  isunique: boolean;
  refersTo?: string[];
  picklist?: { values: string[]; defaultValue: string; labels?: string[] };
  /** describe's "default"; differs from what a create without the field stores (e.g. discontinued). */
  describeDefault: string;
}

export interface ModuleDef {
  name: string;
  label: string;
  singular: string;
  idPrefix: string;
  isEntity: boolean;
  labelFields: string[];
  autonumberPrefix?: string;
  fields: FieldDef[];
  /** Products and Services carry tax1..3, currency1 and currency_id beyond their stored fields. */
  priced?: boolean;
  inventory?: boolean;
}

type Opts = Partial<Omit<FieldDef, 'name' | 'kind'>>;

function humanize(name: string): string {
  const words = name.replace(/_id$/, '').replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function f(name: string, kind: FieldKind, opts: Opts = {}): FieldDef {
  return {
    name,
    kind,
    label: opts.label ?? humanize(name),
    mandatory: opts.mandatory ?? false,
    nullable: opts.nullable ?? !(opts.mandatory ?? false),
    editable: opts.editable ?? !['autonumber', 'system', 'datetime'].includes(kind),
    isunique: opts.isunique ?? false,
    refersTo: opts.refersTo,
    picklist: opts.picklist,
    describeDefault: opts.describeDefault ?? '',
  };
}

const s = (name: string, opts?: Opts) => f(name, 'string', opts);
const ref = (name: string, refersTo: string[], opts?: Opts) => f(name, 'reference', { refersTo, ...opts });
const owner = (label: string, mandatory = true) =>
  f('assigned_user_id', 'owner', { label, mandatory, nullable: false });
const auto = (name: string, label: string) => f(name, 'autonumber', { label, nullable: false });

const times = [
  f('createdtime', 'datetime', { label: 'Created Time', nullable: false }),
  f('modifiedtime', 'datetime', { label: 'Modified Time', nullable: false }),
  f('modifiedby', 'system', { label: 'Last Modified By', refersTo: ['Users'] }),
];
const createdModified = times;
const sourceStarredTags = [
  f('source', 'system', { label: 'Source' }),
  f('starred', 'boolean', { label: 'starred' }),
  s('tags', { label: 'tags' }),
];

function addressPairs(prefixA: string, prefixB: string, parts: string[]): FieldDef[] {
  return parts.flatMap((p) => [f(`${prefixA}${p}`, 'text'), f(`${prefixB}${p}`, 'text')]);
}

const accounts: ModuleDef = {
  name: 'Accounts',
  label: 'Organizations',
  singular: 'Organization',
  idPrefix: '11',
  isEntity: true,
  labelFields: ['accountname'],
  autonumberPrefix: 'ACC',
  fields: [
    s('accountname', { label: 'Organization Name', mandatory: true, isunique: true, nullable: false }),
    auto('account_no', 'Organization Number'),
    f('phone', 'phone', { label: 'Primary Phone' }),
    f('website', 'url', { label: 'Website' }),
    f('fax', 'phone', { label: 'Fax' }),
    s('tickersymbol', { label: 'Ticker Symbol' }),
    f('otherphone', 'phone', { label: 'Secondary Phone' }),
    ref('account_id', ['Accounts'], { label: 'Member Of' }),
    f('email1', 'email', { label: 'Primary Email' }),
    f('employees', 'integer', { label: 'Employees' }),
    f('email2', 'email', { label: 'Secondary Email' }),
    s('ownership', { label: 'Ownership' }),
    f('rating', 'picklist', { label: 'Rating' }),
    f('industry', 'picklist', { label: 'Industry' }),
    s('siccode', { label: 'SIC Code' }),
    f('accounttype', 'picklist', { label: 'Type' }),
    f('annual_revenue', 'money', { label: 'Annual Revenue' }),
    f('emailoptout', 'boolean', { label: 'Email Opt Out' }),
    f('notify_owner', 'boolean', { label: 'Notify Owner' }),
    owner('Assigned To'),
    ...createdModified,
    f('isconvertedfromlead', 'boolean', { label: 'Is Converted From Lead', editable: false }),
    ...sourceStarredTags,
    ...addressPairs('bill_', 'ship_', ['street', 'city', 'state', 'code', 'country', 'pobox']),
    f('description', 'text', { label: 'Description' }),
  ],
};

const contacts: ModuleDef = {
  name: 'Contacts',
  label: 'Contacts',
  singular: 'Contact',
  idPrefix: '12',
  isEntity: true,
  labelFields: ['firstname', 'lastname'],
  autonumberPrefix: 'CON',
  fields: [
    s('salutationtype', { label: 'Salutation' }),
    s('firstname', { label: 'First Name' }),
    auto('contact_no', 'Contact Id'),
    f('phone', 'phone', { label: 'Office Phone' }),
    s('lastname', { label: 'Last Name', mandatory: true, nullable: false }),
    f('mobile', 'phone', { label: 'Mobile Phone' }),
    ref('account_id', ['Accounts'], { label: 'Organization Name' }),
    f('homephone', 'phone', { label: 'Home Phone' }),
    f('leadsource', 'picklist', { label: 'Lead Source' }),
    f('otherphone', 'phone', { label: 'Other Phone' }),
    s('title', { label: 'Title' }),
    f('fax', 'phone', { label: 'Fax' }),
    s('department', { label: 'Department' }),
    f('birthday', 'date', { label: 'Date of Birth' }),
    f('email', 'email', { label: 'Primary Email' }),
    ref('contact_id', ['Contacts'], { label: 'Reports To' }),
    s('assistant', { label: 'Assistant' }),
    f('secondaryemail', 'email', { label: 'Secondary Email' }),
    f('assistantphone', 'phone', { label: 'Assistant Phone' }),
    f('donotcall', 'boolean', { label: 'Do Not Call' }),
    f('emailoptout', 'boolean', { label: 'Email Opt Out' }),
    owner('Assigned To'),
    f('reference', 'boolean', { label: 'Reference' }),
    f('notify_owner', 'boolean', { label: 'Notify Owner' }),
    ...createdModified,
    f('isconvertedfromlead', 'boolean', { label: 'Is Converted From Lead', editable: false }),
    ...sourceStarredTags,
    f('portal', 'boolean', { label: 'Portal User' }),
    f('support_start_date', 'date', { label: 'Support Start Date' }),
    f('support_end_date', 'date', { label: 'Support End Date' }),
    ...addressPairs('mailing', 'other', ['street', 'city', 'state']),
    f('mailingzip', 'text'),
    f('otherzip', 'text'),
    f('mailingcountry', 'text'),
    f('othercountry', 'text'),
    f('mailingpobox', 'text'),
    f('otherpobox', 'text'),
    f('description', 'text', { label: 'Description' }),
    s('imagename', { label: 'Contact Image' }),
  ],
};

const dates = ['sales_start_date', 'sales_end_date', 'start_date', 'expiry_date'].map((n) => f(n, 'date'));

const products: ModuleDef = {
  name: 'Products',
  label: 'Products',
  singular: 'Product',
  idPrefix: '14',
  isEntity: true,
  labelFields: ['productname'],
  autonumberPrefix: 'PRO',
  priced: true,
  fields: [
    s('productname', { label: 'Product Name', mandatory: true, nullable: true }),
    auto('product_no', 'Product Number'),
    s('productcode', { label: 'Part Number' }),
    f('discontinued', 'boolean', { label: 'Product Active', nullable: false, describeDefault: '1' }),
    f('manufacturer', 'picklist', {
      label: 'Manufacturer',
      picklist: {
        values: ['AltvetPet Inc.', 'LexPon Inc.', 'MetBeat Corp'],
        defaultValue: 'AltvetPet Inc.',
      },
    }),
    f('productcategory', 'picklist', { label: 'Product Category' }),
    ...dates,
    f('website', 'url', { label: 'Website' }),
    ref('vendor_id', ['Vendors'], { label: 'Vendor Name' }),
    s('mfr_part_no'),
    s('vendor_part_no'),
    s('serial_no'),
    s('productsheet'),
    s('glacct'),
    ...times,
    f('unit_price', 'money', { label: 'Unit Price' }),
    f('commissionrate', 'decimal3', { label: 'Commission Rate' }),
    s('taxclass', { label: 'Tax Class' }),
    f('usageunit', 'picklist', { label: 'Usage Unit' }),
    f('qty_per_unit', 'decimal2', { label: 'Qty/Unit' }),
    f('qtyinstock', 'decimal3', { label: 'Qty. in Stock' }),
    f('reorderlevel', 'integer', { label: 'Reorder Level' }),
    owner('Handler'),
    f('qtyindemand', 'integer', { label: 'Qty In Demand' }),
    s('imagename', { label: 'Product Image' }),
    f('description', 'text', { label: 'Description' }),
    f('purchase_cost', 'money', { label: 'Purchase Cost' }),
    ...sourceStarredTags,
  ],
};

const services: ModuleDef = {
  name: 'Services',
  label: 'Services',
  singular: 'Service',
  idPrefix: '26',
  isEntity: true,
  labelFields: ['servicename'],
  autonumberPrefix: 'SER',
  priced: true,
  fields: [
    s('servicename', { label: 'Service Name', mandatory: true, nullable: false }),
    auto('service_no', 'Service Number'),
    f('discontinued', 'boolean', { label: 'Active', nullable: false, describeDefault: '1' }),
    f('sales_start_date', 'date', { label: 'Sales Start Date' }),
    f('sales_end_date', 'date', { label: 'Sales End Date' }),
    f('start_date', 'date'),
    f('expiry_date', 'date'),
    f('website', 'url'),
    ...times,
    f('service_usageunit', 'picklist', { label: 'Usage Unit' }),
    f('qty_per_unit', 'decimal2', { label: 'No of Units' }),
    owner('Owner', false),
    f('servicecategory', 'picklist', { label: 'Service Category' }),
    f('unit_price', 'money', { label: 'Price' }),
    s('taxclass', { label: 'Tax Class' }),
    f('commissionrate', 'decimal3', { label: 'Commission Rate' }),
    f('description', 'text', { label: 'Description' }),
    ...sourceStarredTags,
    f('purchase_cost', 'money', { label: 'Purchase Cost' }),
  ],
};

const invoice: ModuleDef = {
  name: 'Invoice',
  label: 'Invoice',
  singular: 'Invoice',
  idPrefix: '7',
  isEntity: true,
  labelFields: ['subject'],
  autonumberPrefix: 'INV',
  inventory: true,
  fields: [
    s('subject', { label: 'Subject', mandatory: true, nullable: true }),
    ref('salesorder_id', ['SalesOrder'], { label: 'Sales Order' }),
    s('customerno', { label: 'Customer No' }),
    ref('contact_id', ['Contacts'], { label: 'Contact Name' }),
    f('invoicedate', 'date', { label: 'Invoice Date' }),
    f('duedate', 'date', { label: 'Due Date' }),
    s('vtiger_purchaseorder', { label: 'Purchase Order' }),
    f('txtAdjustment', 'decimal8', { label: 'Adjustment' }),
    f('salescommission', 'decimal3', { label: 'Sales Commission' }),
    f('exciseduty', 'decimal3', { label: 'Excise Duty' }),
    f('hdnSubTotal', 'decimal8', { label: 'Sub Total' }),
    f('hdnGrandTotal', 'decimal8', { label: 'Total' }),
    f('hdnTaxType', 'picklist', {
      label: 'Tax Type',
      picklist: {
        values: ['individual', 'group'],
        labels: ['Individual', 'Group'],
        defaultValue: 'individual',
      },
    }),
    f('hdnDiscountPercent', 'decimal3', { label: 'Discount Percent' }),
    f('hdnDiscountAmount', 'decimal8', { label: 'Discount Amount' }),
    f('hdnS_H_Amount', 'decimal8', { label: 'S&amp;H Amount' }),
    ref('account_id', ['Accounts'], { label: 'Organization Name', mandatory: true, nullable: true }),
    f('invoicestatus', 'picklist', { label: 'Status' }),
    owner('Assigned To'),
    ...times,
    ref('currency_id', ['Currency'], { label: 'Currency' }),
    f('conversion_rate', 'decimal3', { label: 'Conversion Rate' }),
    f('bill_street', 'text', { label: 'Billing Address', mandatory: true, nullable: true }),
    f('ship_street', 'text', { label: 'Shipping Address', mandatory: true, nullable: true }),
    ...addressPairs('bill_', 'ship_', ['city', 'state', 'code', 'country', 'pobox']),
    f('description', 'text', { label: 'Description' }),
    f('terms_conditions', 'text', { label: 'Terms & Conditions' }),
    auto('invoice_no', 'Invoice No'),
    f('pre_tax_total', 'decimal8', { label: 'Pre Tax Total' }),
    f('received', 'decimal8', { label: 'Received' }),
    f('balance', 'decimal8', { label: 'Balance' }),
    f('hdnS_H_Percent', 'decimal8', { label: 'S&amp;H Percent' }),
    ref('potential_id', ['Potentials'], { label: 'Potential Name' }),
    ...sourceStarredTags,
    s('region_id', { label: 'Tax Region' }),
    ref('productid', ['Products', 'Services'], { label: 'Item Name', mandatory: true, nullable: true }),
  ],
};

export const MODULES: Record<string, ModuleDef> = Object.fromEntries(
  [accounts, contacts, products, services, invoice].map((m) => [m.name, m]),
);

/** The entity modules this simulator can store records for. */
export const ENTITY_MODULES = Object.keys(MODULES);

/** Every type listtypes reports, with [label, singular, isEntity], in the order 8.2.0 answers. */
export const LIST_TYPES: [string, string, string, boolean][] = [
  ['Campaigns', 'Campaigns', 'Campaign', true],
  ['Vendors', 'Vendors', 'Vendor', true],
  ['Faq', 'FAQ', 'FAQ', true],
  ['Quotes', 'Quotes', 'Quote', true],
  ['PurchaseOrder', 'Purchase Orders', 'Purchase Order', true],
  ['SalesOrder', 'Sales Orders', 'Sales Order', true],
  ['Invoice', 'Invoices', 'Invoice', true],
  ['PriceBooks', 'Price Books', 'Price Book', true],
  ['Calendar', 'Calendar', 'Task', true],
  ['Leads', 'Leads', 'Lead', true],
  ['Accounts', 'Organizations', 'Organization', true],
  ['Contacts', 'Contacts', 'Contact', true],
  ['Potentials', 'Opportunities', 'Opportunity', true],
  ['Products', 'Products', 'Product', true],
  ['Documents', 'Documents', 'Document', true],
  ['Emails', 'Emails', 'Email', true],
  ['HelpDesk', 'Tickets', 'Ticket', true],
  ['Events', 'Events', 'Event', true],
  ['Users', 'Users', 'User', true],
  ['PBXManager', 'PBX Manager', 'Call Record', true],
  ['ServiceContracts', 'Service Contracts', 'Service Contract', true],
  ['Services', 'Services', 'Service', true],
  ['ProjectMilestone', 'Project Milestones', 'Project Milestone', true],
  ['ProjectTask', 'Project Tasks', 'Project Task', true],
  ['Project', 'Projects', 'Project', true],
  ['ModComments', 'Comments', 'Comment', true],
  ['SMSNotifier', 'SMS Notifier', 'SMS Notifier', true],
  ['Assets', 'Assets', 'Asset', true],
  ['Groups', 'Groups', 'Groups', false],
  ['Currency', 'Currency', 'Currency', false],
  ['DocumentFolders', 'DocumentFolders', 'DocumentFolders', false],
  ['CompanyDetails', 'CompanyDetails', 'CompanyDetails', false],
  ['LineItem', 'LineItem', 'LineItem', false],
  ['Tax', 'Tax', 'Tax', false],
  ['ProductTaxes', 'ProductTaxes', 'ProductTaxes', false],
];

/** Webservice id prefixes observed on 8.2.0 (vtiger-observed.md §4); the api.md table is partly wrong. */
export const ID_PREFIXES: Record<string, string> = {
  Campaigns: '1',
  Vendors: '2',
  Faq: '3',
  Quotes: '4',
  PurchaseOrder: '5',
  SalesOrder: '6',
  Invoice: '7',
  PriceBooks: '8',
  Calendar: '9',
  Leads: '10',
  Accounts: '11',
  Contacts: '12',
  Potentials: '13',
  Products: '14',
  Documents: '15',
  Emails: '16',
  HelpDesk: '17',
  Events: '18',
  Users: '19',
  Groups: '20',
  Currency: '21',
  DocumentFolders: '22',
  CompanyDetails: '23',
  PBXManager: '24',
  ServiceContracts: '25',
  Services: '26',
  ProjectMilestone: '27',
  ProjectTask: '28',
  Project: '29',
  ModComments: '30',
  SMSNotifier: '31',
  Assets: '32',
  LineItem: '33',
  Tax: '34',
  ProductTaxes: '35',
};

export const MODULE_BY_PREFIX: Record<string, string> = Object.fromEntries(
  Object.entries(ID_PREFIXES).map(([m, p]) => [p, m]),
);

/** Relation labels retrieve_related accepts, per source module: label -> related module. */
export const RELATIONS: Record<string, Record<string, string>> = {
  Accounts: {
    Contacts: 'Contacts',
    Invoice: 'Invoice',
    Products: 'Products',
    Services: 'Services',
  },
  Contacts: { Invoice: 'Invoice', Products: 'Products' },
  Products: { Invoice: 'Invoice', Contacts: 'Contacts', Accounts: 'Accounts' },
  Services: { Invoice: 'Invoice', Contacts: 'Contacts', Accounts: 'Accounts' },
};

/** relatedtypes for Accounts as 8.2.0 answers it ("Calendar" appears twice on purpose). */
export const ACCOUNT_RELATED_TYPES: [string, string][] = [
  ['Contacts', 'Contacts'],
  ['Potentials', 'Potentials'],
  ['Quotes', 'Quotes'],
  ['SalesOrder', 'Sales Order'],
  ['Invoice', 'Invoice'],
  ['Calendar', 'Activities'],
  ['Emails', 'Emails'],
  ['Calendar', 'Activity History'],
  ['Documents', 'Documents'],
  ['HelpDesk', 'HelpDesk'],
  ['Products', 'Products'],
  ['Campaigns', 'Campaigns'],
  ['PBXManager', 'PBXManager'],
  ['ServiceContracts', 'Service Contracts'],
  ['Services', 'Services'],
  ['Project', 'Projects'],
  ['ModComments', 'ModComments'],
  ['Assets', 'Assets'],
];

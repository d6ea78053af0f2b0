/**
 * The bridge's Sage Accounting v3.1 client. Bearer auth with one refresh-and-retry on 401,
 * X-Business on every call, wrapped write bodies with `idempotency_id`, list paging through
 * `$next`, and every failure mapped to the platform's error policy (sage-errors.ts).
 */
import axios, { isAxiosError, type AxiosInstance, type Method } from 'axios';
import { isSageNotFound, sageError } from './sage-errors.js';
import {
  SAGE_WRAPPER_KEYS,
  type SageBusiness,
  type SageContact,
  type SageContactInput,
  type SageFinancialSettings,
  type SageLedgerAccount,
  type SageListPage,
  type SageTaxRate,
} from './sage-types.js';

export const MAX_ITEMS_PER_PAGE = 200;

export type SageParamValue = string | number | boolean | Date | undefined;
export type SageParams = Record<string, SageParamValue>;

export interface SageClientOptions {
  /** e.g. https://api.accounting.sage.com/v3.1 */
  baseUrl: string;
  getAccessToken: () => Promise<string>;
  /** Called once when Sage answers 401; returns the new access token. */
  refreshAccessToken: () => Promise<string>;
  /** Sent as X-Business; without it Sage uses the user's lead business. */
  businessId?: string;
  timeoutMs?: number;
  http?: AxiosInstance;
}

export interface WriteOptions {
  /** Makes a retried write safe: Sage answers a repeat within 7 days with the first result. */
  idempotencyId?: string;
}

export interface SageClient {
  listPage<T>(resource: string, params?: SageParams): Promise<SageListPage<T>>;
  list<T>(resource: string, params?: SageParams): AsyncGenerator<T>;
  get<T>(resource: string, id: string, attributes?: string[] | 'all'): Promise<T>;
  /** Like get, but a 404 (never existed or deleted) is undefined. */
  tryGet<T>(resource: string, id: string, attributes?: string[] | 'all'): Promise<T | undefined>;
  create<T>(resource: string, body: object, options?: WriteOptions): Promise<T>;
  update<T>(resource: string, id: string, body: object, options?: WriteOptions): Promise<T>;
  /** 204 for most resources; sales invoices are voided and answer the invoice. */
  delete<T = undefined>(resource: string, id: string, params?: SageParams): Promise<T>;
  findContacts(criteria: {
    search?: string;
    email?: string;
    reference?: string;
    contactTypeId?: string;
  }): Promise<SageContact[]>;
  getContact(id: string): Promise<SageContact>;
  createContact(body: SageContactInput, options?: WriteOptions): Promise<SageContact>;
  updateContact(id: string, body: SageContactInput, options?: WriteOptions): Promise<SageContact>;
  getFinancialSettings(): Promise<SageFinancialSettings>;
  getBusinessSettings<T = Record<string, unknown>>(): Promise<T>;
  listTaxRates(params?: SageParams): Promise<SageTaxRate[]>;
  listLedgerAccounts(params?: SageParams): Promise<SageLedgerAccount[]>;
  listBusinesses(): Promise<SageBusiness[]>;
  voidSalesInvoice<T>(id: string, reason: string): Promise<T>;
}

/** Sage accepts second-precision timestamps; Dates are sent that way. */
function paramValue(value: Exclude<SageParamValue, undefined>): string {
  if (value instanceof Date) return value.toISOString().replace(/\.\d{3}Z$/, 'Z');
  return String(value);
}

function toQuery(params: SageParams = {}): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(params)) if (value !== undefined) out[key] = paramValue(value);
  return out;
}

function wrapperKey(resource: string): string {
  return SAGE_WRAPPER_KEYS[resource] ?? resource.replace(/s$/, '');
}

export function createSageClient(options: SageClientOptions): SageClient {
  const http = options.http ?? axios.create();
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  const timeout = options.timeoutMs ?? 30_000;
  // Sage asks integrators not to POST in parallel (unique references, sequential numbering).
  let postQueue: Promise<unknown> = Promise.resolve();

  async function request<T>(
    method: Method,
    path: string,
    operation: string,
    extra: { params?: Record<string, string>; data?: unknown } = {},
  ): Promise<T> {
    let token = await options.getAccessToken();
    for (let attempt = 0; ; attempt += 1) {
      try {
        const response = await http.request<T>({
          method,
          url: `${baseUrl}${path}`,
          params: extra.params,
          data: extra.data,
          timeout,
          headers: {
            Authorization: `Bearer ${token}`,
            Accept: 'application/json',
            ...(extra.data !== undefined ? { 'Content-Type': 'application/json' } : {}),
            ...(options.businessId ? { 'X-Business': options.businessId } : {}),
          },
        });
        return response.data;
      } catch (err) {
        if (attempt === 0 && isAxiosError(err) && err.response?.status === 401) {
          token = await options.refreshAccessToken();
          continue;
        }
        throw sageError(operation, err);
      }
    }
  }

  function serialised<T>(run: () => Promise<T>): Promise<T> {
    const next = postQueue.then(run, run);
    postQueue = next.catch(() => undefined);
    return next;
  }

  function withIdempotency(body: object, idempotencyId: string | undefined): object {
    return idempotencyId ? { ...body, idempotency_id: idempotencyId } : body;
  }

  function attributesParam(attributes: string[] | 'all' | undefined): Record<string, string> | undefined {
    if (!attributes) return undefined;
    return { attributes: attributes === 'all' ? 'all' : attributes.join(',') };
  }

  const client: SageClient = {
    listPage<T>(resource: string, params: SageParams = {}) {
      // A `$next` link is already a full path relative to the base URL, query included.
      if (resource.includes('?'))
        return request<SageListPage<T>>('GET', resource, `list ${resource.split('?')[0]}`);
      return request<SageListPage<T>>('GET', `/${resource}`, `list ${resource}`, {
        params: toQuery({ items_per_page: MAX_ITEMS_PER_PAGE, ...params }),
      });
    },
    async *list<T>(resource: string, params: SageParams = {}) {
      let page = await client.listPage<T>(resource, params);
      for (;;) {
        yield* page.$items;
        // Stop on $next, never on an empty page: Sage answers past-the-end pages with the last one.
        if (!page.$next) return;
        page = await client.listPage<T>(page.$next.startsWith('/') ? page.$next : `/${page.$next}`);
      }
    },
    get<T>(resource: string, id: string, attributes?: string[] | 'all') {
      const params = attributesParam(attributes);
      return request<T>(
        'GET',
        `/${resource}/${encodeURIComponent(id)}`,
        `get ${resource}`,
        params ? { params } : {},
      );
    },
    async tryGet<T>(resource: string, id: string, attributes?: string[] | 'all') {
      try {
        return await client.get<T>(resource, id, attributes);
      } catch (err) {
        if (isSageNotFound(err)) return undefined;
        throw err;
      }
    },
    create<T>(resource: string, body: object, writeOptions: WriteOptions = {}) {
      return serialised(() =>
        request<T>('POST', `/${resource}`, `create ${resource}`, {
          data: { [wrapperKey(resource)]: withIdempotency(body, writeOptions.idempotencyId) },
        }),
      );
    },
    update<T>(resource: string, id: string, body: object, writeOptions: WriteOptions = {}) {
      return request<T>('PUT', `/${resource}/${encodeURIComponent(id)}`, `update ${resource}`, {
        data: { [wrapperKey(resource)]: withIdempotency(body, writeOptions.idempotencyId) },
      });
    },
    async delete<T = undefined>(resource: string, id: string, params?: SageParams) {
      const data = await request<T | ''>(
        'DELETE',
        `/${resource}/${encodeURIComponent(id)}`,
        `delete ${resource}`,
        {
          params: toQuery(params),
        },
      );
      return (data === '' ? undefined : data) as T;
    },
    async findContacts(criteria) {
      const found: SageContact[] = [];
      const params: SageParams = {
        attributes: 'all',
        search: criteria.search ?? criteria.reference,
        email: criteria.email,
        contact_type_id: criteria.contactTypeId,
      };
      for await (const contact of client.list<SageContact>('contacts', params)) {
        // `search` also matches names and partial references; a reference lookup wants an exact hit.
        if (criteria.reference && contact.reference?.toLowerCase() !== criteria.reference.toLowerCase())
          continue;
        found.push(contact);
      }
      return found;
    },
    getContact: (id) => client.get<SageContact>('contacts', id),
    createContact: (body, writeOptions) => client.create<SageContact>('contacts', body, writeOptions),
    updateContact: (id, body, writeOptions) => client.update<SageContact>('contacts', id, body, writeOptions),
    getFinancialSettings: () =>
      request<SageFinancialSettings>('GET', '/financial_settings', 'get financial_settings'),
    getBusinessSettings: <T>() => request<T>('GET', '/business_settings', 'get business_settings'),
    async listTaxRates(params = {}) {
      const rates: SageTaxRate[] = [];
      for await (const rate of client.list<SageTaxRate>('tax_rates', { attributes: 'all', ...params }))
        rates.push(rate);
      return rates;
    },
    async listLedgerAccounts(params = {}) {
      const accounts: SageLedgerAccount[] = [];
      for await (const account of client.list<SageLedgerAccount>('ledger_accounts', {
        attributes: 'all',
        ...params,
      })) {
        accounts.push(account);
      }
      return accounts;
    },
    async listBusinesses() {
      // /businesses is unpaginated and its envelope differs ($items_per_page); read $items only.
      const page = await request<{ $items: SageBusiness[] }>('GET', '/businesses', 'list businesses', {
        params: { attributes: 'all' },
      });
      return page.$items;
    },
    voidSalesInvoice: <T>(id: string, reason: string) =>
      client.delete<T>('sales_invoices', id, { void_reason: reason }),
  };
  return client;
}

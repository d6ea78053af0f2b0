/**
 * The bridge's client for open-source Vtiger's /webservice.php. Every method answers Vtiger's values
 * as strings and throws the platform's operational errors (see vtiger-errors.ts).
 */
import axios, { type AxiosInstance } from 'axios';
import { apiError, SESSION_ERROR_CODES, transportError, type VtigerApiErrorBody } from './vtiger-errors.js';
import { createSessionManager } from './vtiger-session.js';
import { pageQuery } from './vtql.js';

export type VtigerRecord = Record<string, string>;
export type VtigerElement = Record<string, unknown>;

export interface VtigerClientOptions {
  baseUrl: string;
  username: string;
  accessKey: string;
  timeoutMs?: number;
  http?: AxiosInstance;
}

export interface VtigerClient {
  listTypes(): Promise<{ types: string[]; information: Record<string, unknown> }>;
  describe(module: string): Promise<VtigerDescribe>;
  retrieve(id: string): Promise<VtigerRecord | null>;
  create(module: string, element: VtigerElement): Promise<VtigerRecord>;
  revise(element: VtigerElement & { id: string }): Promise<VtigerRecord>;
  update(element: VtigerElement & { id: string }): Promise<VtigerRecord>;
  delete(id: string): Promise<void>;
  query(vtql: string): Promise<VtigerRecord[]>;
  queryAll(selectWithoutLimit: string): AsyncGenerator<VtigerRecord>;
  retrieveRelated(id: string, relatedLabel: string, relatedType: string): Promise<VtigerRecord[]>;
  whoAmI(): Promise<string>;
}

export interface VtigerDescribe {
  name: string;
  label: string;
  idPrefix: string;
  fields: {
    name: string;
    label: string;
    mandatory: boolean | string;
    type: { name: string; refersTo?: string[] };
  }[];
  [key: string]: unknown;
}

type Envelope = { success: true; result: unknown } | { success: false; error: VtigerApiErrorBody };

const PAGE_SIZE = 100;

/** Values whose round trip makes 8.2.0 crash with a PHP TypeError (observed), or that it ignores anyway. */
function sanitizeForWrite(element: VtigerElement): VtigerElement {
  const out: VtigerElement = { ...element };
  delete out.LineItems_FinalDetails;
  if (out.hdnDiscountAmount === '') delete out.hdnDiscountAmount;
  if (
    'shipping_&_handling' in out &&
    (out['shipping_&_handling'] === null || out['shipping_&_handling'] === '')
  ) {
    delete out['shipping_&_handling'];
  }
  return out;
}

/** Vtiger mostly answers strings, but Products/Invoice carry a few numbers and nulls (observed). */
function asStrings(record: unknown): VtigerRecord {
  const out: VtigerRecord = {};
  for (const [k, v] of Object.entries((record ?? {}) as Record<string, unknown>)) {
    if (v === null || v === undefined) out[k] = '';
    else if (typeof v === 'object') out[k] = JSON.stringify(v);
    else out[k] = String(v);
  }
  return out;
}

export function createVtigerClient(options: VtigerClientOptions): VtigerClient {
  const http =
    options.http ??
    axios.create({
      baseURL: options.baseUrl.replace(/\/+$/, ''),
      timeout: options.timeoutMs ?? 30_000,
      // Vtiger answers handled errors with 200; anything else is classified by transportError.
      validateStatus: (s) => s >= 200 && s < 300,
    });
  const sessions = createSessionManager(http, options.username, options.accessKey);

  async function send(
    operation: string,
    method: 'GET' | 'POST',
    params: Record<string, string>,
  ): Promise<Envelope> {
    let data: unknown;
    try {
      const response =
        method === 'GET'
          ? await http.get('/webservice.php', { params })
          : await http.post('/webservice.php', new URLSearchParams(params).toString(), {
              headers: { 'content-type': 'application/x-www-form-urlencoded' },
            });
      data = response.data;
    } catch (err) {
      throw transportError(operation, err);
    }
    if (!data || typeof data !== 'object' || !('success' in data)) {
      throw transportError(operation, new Error('Vtiger answered something other than its JSON envelope'));
    }
    return data as Envelope;
  }

  async function call(
    operation: string,
    method: 'GET' | 'POST',
    params: Record<string, string>,
  ): Promise<unknown> {
    for (let attempt = 0; ; attempt++) {
      const session = await sessions.current();
      const envelope = await send(operation, method, {
        operation,
        sessionName: session.sessionName,
        ...params,
      });
      if (envelope.success) return envelope.result;
      if (SESSION_ERROR_CODES.has(String(envelope.error.code)) && attempt === 0) {
        sessions.invalidate(session);
        continue;
      }
      throw apiError(operation, envelope.error);
    }
  }

  const client: VtigerClient = {
    listTypes: async () =>
      (await call('listtypes', 'GET', {})) as Awaited<ReturnType<VtigerClient['listTypes']>>,
    describe: async (module) => (await call('describe', 'GET', { elementType: module })) as VtigerDescribe,
    async retrieve(id) {
      try {
        return asStrings(await call('retrieve', 'GET', { id }));
      } catch (err) {
        // A deleted or missing record answers ACCESS_DENIED with exactly this message (observed).
        if (
          err instanceof Error &&
          'upstreamCode' in err &&
          err.upstreamCode === 'ACCESS_DENIED' &&
          err.message.endsWith('Permission to perform the operation is denied')
        ) {
          return null;
        }
        throw err;
      }
    },
    create: async (module, element) =>
      asStrings(
        await call('create', 'POST', {
          elementType: module,
          element: JSON.stringify(sanitizeForWrite(element)),
        }),
      ),
    revise: async (element) =>
      asStrings(await call('revise', 'POST', { element: JSON.stringify(sanitizeForWrite(element)) })),
    update: async (element) =>
      asStrings(await call('update', 'POST', { element: JSON.stringify(sanitizeForWrite(element)) })),
    async delete(id) {
      await call('delete', 'POST', { id });
    },
    async query(vtql) {
      const rows = (await call('query', 'GET', { query: vtql })) as unknown[];
      return rows.map(asStrings);
    },
    async *queryAll(selectWithoutLimit) {
      for (let offset = 0; ; offset += PAGE_SIZE) {
        const rows = await client.query(pageQuery(selectWithoutLimit, offset, PAGE_SIZE));
        yield* rows;
        if (rows.length < PAGE_SIZE) return;
      }
    },
    async retrieveRelated(id, relatedLabel, relatedType) {
      const rows = (await call('retrieve_related', 'GET', { id, relatedLabel, relatedType })) as unknown[];
      return rows.map(asStrings);
    },
    whoAmI: async () => (await sessions.current()).userId,
  };
  return client;
}

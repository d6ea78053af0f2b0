import { createHash } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import type express from 'express';

export type Json = Record<string, unknown>;

export async function wsGet(app: express.Express, params: Record<string, string>) {
  return request(app).get('/webservice.php').query(params);
}

export async function wsPost(app: express.Express, params: Record<string, unknown>) {
  const form: Record<string, string> = {};
  for (const [k, v] of Object.entries(params)) form[k] = typeof v === 'string' ? v : JSON.stringify(v);
  return request(app).post('/webservice.php').type('form').send(form);
}

export async function login(app: express.Express, username = 'admin', accessKey = 'demoAccessKey123') {
  const ch = await wsGet(app, { operation: 'getchallenge', username });
  const token = (ch.body as { result: { token: string } }).result.token;
  const res = await wsPost(app, {
    operation: 'login',
    username,
    accessKey: createHash('md5')
      .update(token + accessKey)
      .digest('hex'),
  });
  const result = (res.body as { result: { sessionName: string; userId: string } }).result;
  return result;
}

/** A session-bound API for one user, answering the parsed envelope. */
export async function wsApi(app: express.Express, username?: string, accessKey?: string) {
  const { sessionName, userId } = await login(app, username, accessKey);
  return {
    sessionName,
    userId,
    get: async (operation: string, params: Record<string, string> = {}) =>
      (await wsGet(app, { operation, sessionName, ...params })).body as Json,
    post: async (operation: string, params: Record<string, unknown> = {}) =>
      (await wsPost(app, { operation, sessionName, ...params })).body as Json,
  };
}

export function result<T = Json>(body: Json): T {
  if (body.success !== true) throw new Error(`expected success, got ${JSON.stringify(body)}`);
  return body.result as T;
}

export function errorOf(body: Json): { code: string | number; message: string } {
  if (body.success !== false) throw new Error(`expected an error, got ${JSON.stringify(body).slice(0, 300)}`);
  return body.error as { code: string | number; message: string };
}

export interface Receiver {
  url: string;
  requests: { headers: http.IncomingHttpHeaders; body: string; url: string }[];
  status: number;
  close(): Promise<void>;
}

/** A webhook endpoint that records what the simulated workflow posts. */
export async function startReceiver(): Promise<Receiver> {
  const receiver: Receiver = {
    url: '',
    requests: [],
    status: 202,
    close: async () => undefined,
  };
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      receiver.requests.push({ headers: req.headers, body, url: req.url ?? '' });
      res.statusCode = receiver.status;
      res.end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  receiver.close = () =>
    new Promise<void>((r) => {
      server.closeAllConnections();
      server.close(() => r());
    });
  return receiver;
}

export const anAccount = (overrides: Json = {}): Json => ({
  accountname: 'Acme Ltd',
  assigned_user_id: '19x1',
  ...overrides,
});

export const aProduct = (overrides: Json = {}): Json => ({
  productname: 'Widget',
  assigned_user_id: '19x1',
  unit_price: '50',
  ...overrides,
});

export function anInvoice(accountId: string, productId: string, overrides: Json = {}): Json {
  return {
    subject: 'INV Acme',
    account_id: accountId,
    assigned_user_id: '19x1',
    bill_street: '1 High St',
    ship_street: '1 High St',
    invoicedate: '2025-07-25',
    currency_id: '21x1',
    productid: productId,
    hdnTaxType: 'individual',
    LineItems: [{ productid: productId, quantity: '2', listprice: '50', tax1: '20' }],
    ...overrides,
  };
}

import { startSageSimulator, type RunningSageSimulator, type SageSimulatorOptions } from '../../src/index.js';

export const REDIRECT_URI = 'http://127.0.0.1:3003/v1/oauth/sage/callback';

export interface Answer<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
}

// Answers are dynamic JSON whose shape each test asserts, so the default body type is loose.
/* eslint-disable @typescript-eslint/no-explicit-any */
export interface Sim extends RunningSageSimulator {
  token: string;
  call<T = any>(
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<Answer<T>>;
  control<T = any>(method: string, path: string, body?: unknown): Promise<Answer<T>>;
  advance(ms: number): Promise<void>;
}
/* eslint-enable @typescript-eslint/no-explicit-any */

async function answer<T>(response: Response): Promise<Answer<T>> {
  const text = await response.text();
  const type = response.headers.get('content-type') ?? '';
  return {
    status: response.status,
    headers: response.headers,
    body: (text && type.includes('json') ? JSON.parse(text) : text) as T,
  };
}

/** A simulator on a random port with a ready access token for the default client. */
export async function startSim(options: SageSimulatorOptions = {}): Promise<Sim> {
  const running = await startSageSimulator({ port: 0, ...options });
  const { accessToken } = running.simulator.issueTokens();
  const sim: Sim = {
    ...running,
    token: accessToken,
    async call(method, path, body, headers = {}) {
      const response = await fetch(`${running.url}/v3.1${path}`, {
        method,
        headers: {
          authorization: `Bearer ${sim.token}`,
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
          ...headers,
        },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
      return answer(response);
    },
    async control(method, path, body) {
      const response = await fetch(`${running.url}/__sim${path}`, {
        method,
        headers: body !== undefined ? { 'content-type': 'application/json' } : {},
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
      return answer(response);
    },
    async advance(ms) {
      await sim.control('POST', '/clock', { advanceMs: ms });
    },
  };
  return sim;
}

/** Ids of the default business's seeded reference data, read through the API. */
export async function ledgerAccountByCode(sim: Sim, code: number): Promise<string> {
  const page = await sim.call<{ $items: { id: string; nominal_code: number }[] }>(
    'GET',
    '/ledger_accounts?attributes=nominal_code&items_per_page=200',
  );
  const found = page.body.$items.find((a) => a.nominal_code === code);
  if (!found) throw new Error(`no ledger account ${code}`);
  return found.id;
}

export function aContact(overrides: Record<string, unknown> = {}): { contact: Record<string, unknown> } {
  return { contact: { name: 'Acme Widgets Ltd', contact_type_ids: ['CUSTOMER'], ...overrides } };
}

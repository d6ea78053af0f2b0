import { createSageClient, type SageClient } from '../../../../libs/connectors/src/sage/index.js';
import { createVtigerClient, type VtigerClient } from '../../../../libs/connectors/src/vtiger/index.js';
import { OperationalError, type Upstream } from '../../../../libs/platform/src/errors.js';
import { createReadCache } from '../../../../libs/platform/src/read-cache.js';
import { createCountedAxios } from '../../../../libs/platform/src/http/counted-axios.js';
import type { Breakers } from '../../../../libs/platform/src/resilience/breakers.js';
import type { ConnectionsRepository } from '../../../../libs/state/src/connections-repository.js';
import type { SageTokenProvider } from '../../../../libs/state/src/sage-token-provider.js';

export class NotConnectedError extends OperationalError {
  constructor(
    readonly upstream: Upstream,
    tenantId: string,
  ) {
    super(
      `tenant ${tenantId} has no ${upstream === 'vtiger' ? 'Vtiger' : 'Sage'} connection`,
      'NOT_CONNECTED',
    );
  }
}

export interface TenantUpstreamsDeps {
  connections: Pick<ConnectionsRepository, 'findVtiger' | 'findSage'>;
  tokens: SageTokenProvider;
  sageApiUrl: string;
  breakers: Breakers;
  countCall(upstream: Upstream, status: string): void;
  timeoutMs?: number;
}

/**
 * Each tenant's Vtiger and Sage clients, built from its stored connection and rebuilt when the
 * connection changes. Every call goes through that tenant's breaker for that upstream.
 */
export function createTenantUpstreams(deps: TenantUpstreamsDeps) {
  const timeout = deps.timeoutMs ?? 20_000;
  const vtigerClients = new Map<string, { key: string; client: VtigerClient }>();
  const sageClients = new Map<string, { key: string; client: SageClient }>();
  // One change makes several upstream calls; the stored connection is read once per few seconds,
  // not once per call.
  const vtigerConnections = createReadCache((tenantId) => deps.connections.findVtiger(tenantId));
  const sageConnections = createReadCache((tenantId) => deps.connections.findSage(tenantId));

  async function vtigerEntry(tenantId: string) {
    const creds = await vtigerConnections.get(tenantId);
    if (!creds) throw new NotConnectedError('vtiger', tenantId);
    const key = `${creds.url}|${creds.username}|${creds.accessKey}`;
    let entry = vtigerClients.get(tenantId);
    if (!entry || entry.key !== key) {
      const baseUrl = creds.url.replace(/\/+$/, '').replace(/\/webservice\.php$/, '');
      const http = createCountedAxios(
        { baseURL: baseUrl, timeout, validateStatus: (s) => s >= 200 && s < 300 },
        (status) => deps.countCall('vtiger', status),
      );
      entry = {
        key,
        client: createVtigerClient({ baseUrl, username: creds.username, accessKey: creds.accessKey, http }),
      };
      vtigerClients.set(tenantId, entry);
    }
    return entry;
  }

  async function sageClient(tenantId: string): Promise<SageClient> {
    const connection = await sageConnections.get(tenantId);
    if (!connection || connection.status === 'disconnected') throw new NotConnectedError('sage', tenantId);
    const key = connection.businessId ?? '';
    let entry = sageClients.get(tenantId);
    if (!entry || entry.key !== key) {
      const http = createCountedAxios({}, (status) => deps.countCall('sage', status));
      let lastToken: string | undefined;
      entry = {
        key,
        client: createSageClient({
          baseUrl: deps.sageApiUrl,
          businessId: connection.businessId,
          timeoutMs: timeout,
          http,
          getAccessToken: async () => (lastToken = await deps.tokens.getAccessToken(tenantId)),
          refreshAccessToken: async () =>
            (lastToken = await deps.tokens.refreshAccessToken(tenantId, lastToken)),
        }),
      };
      sageClients.set(tenantId, entry);
    }
    return entry.client;
  }

  return {
    vtiger<T>(tenantId: string, use: (client: VtigerClient) => Promise<T>): Promise<T> {
      return deps.breakers.call(tenantId, 'vtiger', async () => use((await vtigerEntry(tenantId)).client));
    },
    sage<T>(tenantId: string, use: (client: SageClient) => Promise<T>): Promise<T> {
      return deps.breakers.call(tenantId, 'sage', async () => use(await sageClient(tenantId)));
    },
  };
}
export type TenantUpstreams = ReturnType<typeof createTenantUpstreams>;

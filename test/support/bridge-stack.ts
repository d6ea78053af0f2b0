import axios from 'axios';
import type { ChangeEvent } from '../../libs/contracts/src/events.js';
import { topicsFor } from '../../libs/contracts/src/topics.js';
import { createVtigerClient } from '../../libs/connectors/src/vtiger/index.js';
import { signDevToken } from '../../libs/platform/src/auth/jwt-auth.js';
import { createKafka } from '../../libs/platform/src/kafka/kafka-client.js';
import { createPublisher } from '../../libs/platform/src/kafka/publisher.js';
import { connectTenant, type TenantSetup } from '../../scripts/demo/connect-tenant.js';
import { realInfrastructure, testLogger } from './environment.js';
import { messageFor } from './event-builders.js';
import { JWT, startStack } from './stack.js';

export interface SyncLogEntry {
  id: string;
  at: string;
  module: string;
  direction: string;
  outcome: 'created' | 'updated' | 'skipped' | 'failed';
  reason: { code: string; message: string; field?: string } | null;
  vtigerId: string | null;
  sageId: string | null;
  recordLabel: string | null;
  changes?: Array<{ field: string; from?: unknown; to?: unknown }>;
  details?: Record<string, string>;
}

type Calls = Record<string, Record<string, number>>;

/**
 * `startStack` plus the handles a sync test needs: a Kafka publisher for change events, the Sage
 * API as a person using Sage, Vtiger as a person using Vtiger, the simulators' stats and the sync log.
 */
export async function startBridgeStack(label: string, options: { maxRetryMs?: number } = {}) {
  const stack = await startStack(label, options);
  const { audit, ingest, vtigerSim, sageSim, clientId } = stack;
  const kafka = createKafka(
    realInfrastructure().kafkaBrokers.split(','),
    `test-${stack.names.database}`,
    testLogger(),
  );
  const publisher = createPublisher(kafka);
  const topics = topicsFor(stack.names.topicPrefix);
  const stopAll = async () => {
    await publisher.disconnect().catch(() => undefined);
    await stack.stop();
  };
  try {
    await publisher.connect();
  } catch (err) {
    await stopAll();
    throw err;
  }

  const operatorToken = signDevToken(JWT, { sub: 'test-operator', role: 'operator', tenants: [] });
  const auditApi = axios.create({
    baseURL: audit.url,
    headers: { Authorization: `Bearer ${operatorToken}` },
  });
  const sim = (url: string) => axios.create({ baseURL: `${url}/__sim` });

  return {
    ...stack,
    kafka,
    topics,
    operatorToken,
    auditApi,
    /** The Vtiger simulator's control surface (stats, faults, clock, seed). */
    vtigerControl: sim(vtigerSim.url),
    /** The Sage simulator's control surface (stats, faults, clock, seed, records). */
    sageControl: sim(sageSim.url),
    /** A person working in Vtiger, not the bridge's own user: their saves run the workflow. */
    vtigerAdmin: createVtigerClient({
      baseUrl: vtigerSim.url,
      username: 'admin',
      accessKey: 'demoAccessKey123',
    }),
    /** A person working in Sage's own web app, with a token of their own. */
    sageUser() {
      const { accessToken } = sageSim.simulator.issueTokens(clientId);
      return axios.create({
        baseURL: `${sageSim.url}/v3.1`,
        headers: { Authorization: `Bearer ${accessToken}` },
      });
    },
    async sageCalls(): Promise<Calls> {
      return (await sim(sageSim.url).get('/stats')).data.calls as Calls;
    },
    /** Sets a tenant up through the operator API and points the Vtiger workflow at it. */
    connect(tenantId: string, modules: TenantSetup['modules']) {
      return connectTenant({
        auditUrl: audit.url,
        operatorToken,
        tenantId,
        name: `Tenant ${tenantId}`,
        webhookSecret: `${tenantId}-webhook-secret-0123`,
        vtiger: { url: vtigerSim.url, username: 'bridge', accessKey: 'bridgeAccessKey1' },
        ingestUrl: ingest.url,
        modules,
      });
    },
    /** Publishes change events onto the changes topic, as ingest would. */
    async publishChanges(...events: ChangeEvent[]) {
      await publisher.publish(topics.changes, events.map(messageFor));
    },
    async syncLog(tenantId: string, query: Record<string, string> = {}): Promise<SyncLogEntry[]> {
      return (await auditApi.get(`/v1/tenants/${tenantId}/sync-log`, { params: { limit: 200, ...query } }))
        .data.items;
    },
    stop: stopAll,
  };
}
export type BridgeStack = Awaited<ReturnType<typeof startBridgeStack>>;

/** How many calls to one Sage operation answered with one status. */
export const countOf = (calls: Calls, operation: string, status: string | number) =>
  calls[operation]?.[String(status)] ?? 0;

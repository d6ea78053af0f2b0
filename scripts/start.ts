/**
 * `npm start`: the whole bridge on this machine. Kafka and the database (local and cached, unless
 * KAFKA_BROKERS / MONGO_URL are set), both simulators, the three services, the demo tenant connected
 * to both simulators (Sage through the real OAuth flow), then the URLs and an admin token.
 * Ctrl-C stops everything.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import axios from 'axios';
import { signDevToken } from '../libs/platform/src/auth/jwt-auth.js';
import { connectTenant } from './demo/connect-tenant.js';
import { DEMO } from './demo/demo-defaults.js';
import { provisionInfra } from './infra/local-infra.js';
import { isPortOpen } from './infra/processes.js';

const t0 = Date.now();
const seconds = () => `${((Date.now() - t0) / 1000).toFixed(1)} s`;
const logDir = mkdtempSync(join(tmpdir(), 'vsb-logs-'));
const children: Array<{ name: string; child: ChildProcess }> = [];
let stopping = false;

for (const [name, port] of Object.entries(DEMO.ports)) {
  if (await isPortOpen(port)) {
    console.error(`port ${port} (${name}) is already in use: is another \`npm start\` running?`);
    process.exit(1);
  }
}

console.log('starting Kafka and the database...');
const infra = await provisionInfra({ kafkaPort: 9092, mongoPort: 27017 });
console.log(`  ${infra.started.join(', ') || 'using KAFKA_BROKERS and MONGO_URL'} (${seconds()})`);

const sim = (path: string) => `http://127.0.0.1:${DEMO.ports.sageSim}${path}`;
const env: NodeJS.ProcessEnv = {
  ...process.env,
  KAFKA_BROKERS: infra.kafkaBrokers,
  MONGO_URL: process.env.MONGO_URL ?? `${infra.mongoUrl}/vtiger-sage-bridge`,
  TOPIC_PREFIX: process.env.TOPIC_PREFIX ?? 'vsb.',
  JWT_SECRET: DEMO.jwtSecret,
  JWT_ISSUER: DEMO.jwtIssuer,
  JWT_AUDIENCE: DEMO.jwtAudience,
  ENCRYPTION_KEY: DEMO.encryptionKey,
  PUBLIC_BASE_URL: `http://127.0.0.1:${DEMO.ports.audit}`,
  SAGE_API_URL: sim('/v3.1'),
  SAGE_AUTH_URL: sim('/oauth2/auth/central'),
  SAGE_TOKEN_URL: sim('/token'),
  SAGE_CLIENT_ID: DEMO.sageClientId,
  SAGE_CLIENT_SECRET: DEMO.sageClientSecret,
  LOG_LEVEL: process.env.LOG_LEVEL ?? 'info',
  KAFKAJS_NO_PARTITIONER_WARNING: '1',
};

function launch(name: string, script: string, extraEnv: NodeJS.ProcessEnv = {}) {
  const log = createWriteStream(join(logDir, `${name}.log`));
  const child = spawn(process.execPath, ['--import', 'tsx', script], {
    env: { ...env, ...extraEnv },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  child.on('exit', (code, signal) => {
    if (!stopping) {
      console.error(`${name} exited (${signal ?? code}); see ${join(logDir, `${name}.log`)}`);
      void shutdown(1);
    }
  });
  children.push({ name, child });
}

async function waitReady(name: string, url: string, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const ok = await axios.get(url, { validateStatus: () => true, timeout: 2000 }).then(
      (r) => r.status === 200,
      () => false,
    );
    if (ok) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${name} was not ready within ${timeoutMs / 1000} s; see ${join(logDir, `${name}.log`)}`);
}

async function shutdown(code: number) {
  if (stopping) return;
  stopping = true;
  console.log('\nstopping...');
  await Promise.all(
    children.map(
      ({ child }) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null) return resolve();
          child.once('exit', () => resolve());
          child.kill('SIGTERM');
          setTimeout(() => child.kill('SIGKILL'), 15_000).unref();
        }),
    ),
  );
  await infra.stop();
  console.log('stopped.');
  process.exit(code);
}
process.once('SIGINT', () => void shutdown(0));
process.once('SIGTERM', () => void shutdown(0));

try {
  launch('simulators', 'simulators/main.ts', {
    VTIGER_SIM_PORT: String(DEMO.ports.vtigerSim),
    SAGE_SIM_PORT: String(DEMO.ports.sageSim),
  });
  launch('audit', 'services/audit/src/main.ts', { PORT: String(DEMO.ports.audit) });
  launch('ingest', 'services/ingest/src/main.ts', { PORT: String(DEMO.ports.ingest) });
  launch('sync', 'services/sync/src/main.ts', { PORT: String(DEMO.ports.sync) });
  await waitReady('simulators', `http://127.0.0.1:${DEMO.ports.vtigerSim}/__sim/stats`);
  await Promise.all([
    waitReady('audit', `http://127.0.0.1:${DEMO.ports.audit}/readyz`),
    waitReady('ingest', `http://127.0.0.1:${DEMO.ports.ingest}/readyz`),
    waitReady('sync', `http://127.0.0.1:${DEMO.ports.sync}/readyz`),
  ]);
  console.log(`  simulators and services ready (${seconds()})`);

  const jwt = { secret: DEMO.jwtSecret, issuer: DEMO.jwtIssuer, audience: DEMO.jwtAudience };
  await connectTenant({
    auditUrl: `http://127.0.0.1:${DEMO.ports.audit}`,
    operatorToken: signDevToken(jwt, { sub: 'npm-start', role: 'operator', tenants: [] }, 600),
    tenantId: DEMO.tenantId,
    name: DEMO.tenantName,
    webhookSecret: DEMO.webhookSecret,
    vtiger: { url: `http://127.0.0.1:${DEMO.ports.vtigerSim}`, ...DEMO.vtiger },
    ingestUrl: `http://127.0.0.1:${DEMO.ports.ingest}`,
    modules: Object.fromEntries(
      ['organizations', 'contacts', 'products', 'services', 'invoices'].map((m) => [
        m,
        { enabled: true, direction: 'both' as const },
      ]),
    ),
  });
  const adminToken = signDevToken(jwt, { sub: 'demo-admin', role: 'admin', tenants: [DEMO.tenantId] });
  console.log(`
vtiger-sage-bridge is running (${seconds()}). Ctrl-C stops everything.

  audit (operator API)  http://127.0.0.1:${DEMO.ports.audit}/v1   OpenAPI: /v1/openapi.json
  ingest (webhooks)     http://127.0.0.1:${DEMO.ports.ingest}/v1/webhooks/vtiger/${DEMO.tenantId}   secret: ${DEMO.webhookSecret}
  sync (health/metrics) http://127.0.0.1:${DEMO.ports.sync}/metrics
  Vtiger simulator      http://127.0.0.1:${DEMO.ports.vtigerSim}/webservice.php   user ${DEMO.vtigerAdmin.username} / ${DEMO.vtigerAdmin.accessKey}
  Sage simulator        http://127.0.0.1:${DEMO.ports.sageSim}/v3.1
  Kafka ${infra.kafkaBrokers}   MongoDB ${env.MONGO_URL}
  logs                  ${logDir}

Admin token for tenant "${DEMO.tenantId}" (12 h):
${adminToken}

Try it:  npm run demo:account   (creates an Organization in Vtiger and shows its sync-log entry)
`);
} catch (err) {
  console.error(`npm start failed: ${(err as Error).message}`);
  await shutdown(1);
}

/**
 * `npm run demo:account [name]`: against a running `npm start`, saves an Organization in the
 * Vtiger simulator as a person would (admin user), then waits for its sync-log entry and prints
 * it with the time it took and the customer as Sage now holds it.
 */
import axios from 'axios';
import { createVtigerClient } from '../../libs/connectors/src/vtiger/index.js';
import { signDevToken } from '../../libs/platform/src/auth/jwt-auth.js';
import { DEMO } from './demo-defaults.js';

const name = process.argv[2] ?? `Demo Customer ${new Date().toISOString().slice(11, 19)}`;
const vtiger = createVtigerClient({
  baseUrl: `http://127.0.0.1:${DEMO.ports.vtigerSim}`,
  ...DEMO.vtigerAdmin,
});
const token = signDevToken(
  { secret: DEMO.jwtSecret, issuer: DEMO.jwtIssuer, audience: DEMO.jwtAudience },
  { sub: 'demo-script', role: 'viewer', tenants: [DEMO.tenantId] },
  600,
);
const started = Date.now();
const account = await vtiger.create('Accounts', {
  accountname: name,
  email1: 'accounts@example.test',
  phone: '+44 113 496 0000',
  bill_street: '1 Park Row',
  bill_city: 'Leeds',
  bill_code: 'LS1 5AB',
  bill_country: 'United Kingdom',
  assigned_user_id: '19x1',
});
console.log(`created ${account.id} "${name}" in Vtiger; waiting for the sync log...`);
const deadline = Date.now() + 15_000;
while (Date.now() < deadline) {
  const { data } = await axios.get(
    `http://127.0.0.1:${DEMO.ports.audit}/v1/tenants/${DEMO.tenantId}/sync-log`,
    {
      headers: { Authorization: `Bearer ${token}` },
      params: { module: 'organizations', limit: 20 },
    },
  );
  const entry = data.items.find((e: { vtigerId: string }) => e.vtigerId === account.id);
  if (entry) {
    console.log(`sync log after ${Date.now() - started} ms:`);
    console.log(JSON.stringify(entry, null, 2));
    process.exit(entry.outcome === 'created' ? 0 : 1);
  }
  await new Promise((r) => setTimeout(r, 50));
}
console.error('no sync-log entry within 15 s');
process.exit(1);

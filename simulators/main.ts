/**
 * `npm run simulators`: the Vtiger simulator on 3011 and the Sage simulator on 3012 (override with
 * VTIGER_SIM_PORT / SAGE_SIM_PORT; SIM_HOST picks the interface, loopback by default).
 */
import { startSageSimulator } from './sage/src/index.js';
import { startVtigerSimulator } from './vtiger/src/index.js';

const host = process.env.SIM_HOST ?? '127.0.0.1';
const vtigerPort = Number(process.env.VTIGER_SIM_PORT ?? 3011);
const sagePort = Number(process.env.SAGE_SIM_PORT ?? 3012);

const vtiger = await startVtigerSimulator({ port: vtigerPort, host });
const sage = await startSageSimulator({ port: sagePort, host });
console.log(
  `Vtiger simulator: ${vtiger.url}/webservice.php (users admin/demoAccessKey123, bridge/bridgeAccessKey1)`,
);
console.log(`Sage simulator:   ${sage.url}/v3.1 (OAuth client demo-client/demo-client-secret)`);

const stop = async () => {
  await Promise.allSettled([vtiger.close(), sage.close()]);
  process.exit(0);
};
process.once('SIGINT', () => void stop());
process.once('SIGTERM', () => void stop());

/**
 * `npm run infra`: starts only Kafka and FerretDB (as `npm start` would) and prints how to reach
 * them, for running services or single test files by hand. Ctrl-C stops both.
 */
import { provisionInfra } from './infra/local-infra.js';

const started = Date.now();
const infra = await provisionInfra({ kafkaPort: 9092, mongoPort: 27017 });
console.log(
  `ready in ${((Date.now() - started) / 1000).toFixed(1)} s: ${infra.started.join(', ') || 'nothing started (both given)'}`,
);
console.log(`export KAFKA_BROKERS=${infra.kafkaBrokers} MONGO_URL=${infra.mongoUrl}/vsb`);
// The daemons stop when this process ends, so it stays up (doing nothing) until Ctrl-C.
const keepAlive = setInterval(() => undefined, 60_000);
const stop = () => {
  clearInterval(keepAlive);
  void infra.stop().then(() => process.exit(0));
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);

/**
 * `npm test`: static checks, then every test file against a real Kafka broker and a real
 * MongoDB-compatible server (provisioned locally unless KAFKA_BROKERS / MONGO_URL are given).
 * Unit tests (`*.test.ts`) need neither; integration tests (`*.int.test.ts`) and end-to-end tests
 * (`test/e2e/*.e2e.test.ts`) use both, each file with its own topic prefix and database.
 */
import { spawn } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { provisionInfra } from './infra/local-infra.js';

const root = process.cwd();
const args = process.argv.slice(2);
const skipCheck = args.includes('--no-check');
const filters = args.filter((a) => !a.startsWith('--'));

function findTests(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'dist' || name.startsWith('.')) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) findTests(path, out);
    else if (name.endsWith('.test.ts')) out.push(relative(root, path));
  }
  return out;
}

function exec(command: string, argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(command, argv, { stdio: 'inherit', env });
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

if (!skipCheck) {
  console.log('== npm run check (types, lint, format)');
  const code = await exec('npm', ['run', '--silent', 'check']);
  if (code !== 0) {
    console.error('static checks failed');
    process.exit(code);
  }
}

const files = findTests(root)
  .filter((f) => filters.length === 0 || filters.some((needle) => f.includes(needle)))
  .sort();
if (files.length === 0) {
  console.error('no test files matched');
  process.exit(1);
}

console.log('== provisioning Kafka and the database');
const t0 = Date.now();
const infra = await provisionInfra({ kafkaPort: 19092, mongoPort: 27027 });
console.log(
  `== ready in ${((Date.now() - t0) / 1000).toFixed(1)} s (${infra.started.join(', ') || 'given by the environment'})`,
);

let code = 1;
try {
  code = await exec(
    process.execPath,
    [
      '--import',
      'tsx',
      '--test',
      '--test-concurrency=2',
      '--test-timeout=120000',
      '--test-reporter=spec',
      ...files,
    ],
    {
      ...process.env,
      KAFKA_BROKERS: infra.kafkaBrokers,
      MONGO_URL: infra.mongoUrl,
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent',
      KAFKAJS_NO_PARTITIONER_WARNING: '1',
    },
  );
} finally {
  await infra.stop();
}
process.exit(code);

// End-to-end test of the services as processes: started the way `npm start` and the Docker image
// start them, against the real Kafka broker and database server.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { describe, test } from 'node:test';
import { eventually, isolatedNames, mongoUrlFor, realInfrastructure } from '../support/environment.js';

const SERVICES = ['ingest', 'sync', 'audit'] as const;

function run(service: string, env: NodeJS.ProcessEnv) {
  const child = spawn(process.execPath, ['--import', 'tsx', `services/${service}/src/main.ts`], {
    env: { PATH: process.env.PATH, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, exited, output: () => output };
}

describe('each service at start-up', () => {
  for (const service of SERVICES) {
    test(`${service} refuses to start without its configuration and names every bad variable`, async () => {
      const proc = run(service, { KAFKA_BROKERS: 'not a broker list', PORT: 'seventy' });
      const code = await proc.exited;
      assert.equal(code, 1);
      assert.match(proc.output(), /KAFKA_BROKERS: each broker must be host:port/);
      assert.match(proc.output(), /MONGO_URL: /);
      assert.match(proc.output(), /PORT: /);
    });
  }
});

describe('each service on SIGTERM', () => {
  for (const service of SERVICES) {
    test(`${service} fails readiness, drains, closes its connections and exits 0`, async () => {
      const { kafkaBrokers } = realInfrastructure();
      const names = isolatedNames(`proc-${service}`);
      const port = 20000 + Math.floor(Math.random() * 20000);
      const proc = run(service, {
        KAFKA_BROKERS: kafkaBrokers,
        MONGO_URL: mongoUrlFor(names.database),
        TOPIC_PREFIX: names.topicPrefix,
        PORT: String(port),
        LOG_LEVEL: 'info',
        ENCRYPTION_KEY: randomBytes(32).toString('base64'),
        SAGE_CLIENT_ID: 'c',
        SAGE_CLIENT_SECRET: 's',
        JWT_SECRET: 'a-test-secret-of-enough-length',
        PUBLIC_BASE_URL: `http://127.0.0.1:${port}`,
      });
      try {
        await eventually(
          async () => (await fetch(`http://127.0.0.1:${port}/readyz`).catch(() => undefined))?.status === 200,
          `${service} to be ready`,
          60_000,
        ).catch((err: Error) => {
          throw new Error(`${err.message}\n${proc.output().slice(-4000)}`);
        });
        proc.child.kill('SIGTERM');
        assert.equal(await proc.exited, 0);
        assert.match(proc.output(), /"msg":"shutting down"/);
        assert.match(proc.output(), /"msg":"shutdown step done"/);
        // kafkajs logs retriable broker hiccups of a fresh test broker as errors; ours must have none.
        const ownErrors = proc
          .output()
          .split('\n')
          .filter((line) => /"level":"(error|fatal)"/.test(line) && !line.includes('"component":"kafkajs"'));
        assert.deepEqual(ownErrors, []);
      } finally {
        proc.child.kill('SIGKILL');
      }
    });
  }
});

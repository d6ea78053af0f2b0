import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import {
  bridgeServices,
  configSchemas,
  knownVariables,
  readText,
  readYaml,
  requiredVariables,
  root,
} from './deploy-support.js';

interface ComposeService {
  image?: string;
  build?: unknown;
  command?: string[] | string;
  environment?: Record<string, unknown> | string[];
  depends_on?: Record<string, { condition?: string }> | string[];
  healthcheck?: { test?: unknown };
  volumes?: (string | { source?: string })[];
  user?: string;
}

const compose = readYaml('docker-compose.yml') as { services: Record<string, ComposeService> };

function service(name: string): ComposeService {
  const found = compose.services[name];
  assert.ok(found, `docker-compose.yml has no service "${name}"`);
  return found;
}

/** A service's environment as docker compose passes it: every value a string. */
function environmentOf(name: string): Record<string, string> {
  const env = service(name).environment ?? {};
  if (Array.isArray(env)) {
    return Object.fromEntries(
      env.map((entry) => {
        const at = entry.indexOf('=');
        return at < 0 ? [entry, ''] : [entry.slice(0, at), entry.slice(at + 1)];
      }),
    );
  }
  return Object.fromEntries(Object.entries(env).map(([k, v]) => [k, v === null ? '' : String(v)]));
}

describe('docker-compose.yml', () => {
  test('defines Kafka, MongoDB, the three services, both simulators, Prometheus and Grafana', () => {
    const expected = [
      'kafka',
      'mongodb',
      'ingest',
      'sync',
      'audit',
      'vtiger-sim',
      'sage-sim',
      'prometheus',
      'grafana',
    ];
    assert.deepEqual(Object.keys(compose.services).sort(), [...expected].sort());
    assert.match(service('kafka').image ?? '', /^apache\/kafka:/, 'Kafka is the official apache/kafka image');
    assert.equal(service('mongodb').image, 'mongo:7');
  });

  for (const name of bridgeServices) {
    test(`${name} is given every variable its config schema requires`, () => {
      const env = environmentOf(name);
      const missing = requiredVariables(configSchemas[name]).filter((key) => !(key in env));
      assert.deepEqual(missing, [], `${name} lacks required variables`);
    });

    test(`${name} gets no variable its config schema does not know`, () => {
      const known = knownVariables(name);
      const unknown = Object.keys(environmentOf(name)).filter((key) => !known.has(key));
      assert.deepEqual(unknown, [], `${name} is given variables it never reads`);
    });

    test(`${name}'s compose environment passes its config schema as the service would load it`, () => {
      const result = configSchemas[name].safeParse(environmentOf(name));
      assert.ok(
        result.success,
        `${name}: ${result.error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
      );
    });
  }

  test('the three services and the simulators run the image built from the Dockerfile', () => {
    const commands: Record<string, string> = {
      ingest: 'ingest',
      sync: 'sync',
      audit: 'audit',
      'vtiger-sim': 'simulators',
      'sage-sim': 'simulators',
    };
    for (const [name, command] of Object.entries(commands)) {
      const svc = service(name);
      assert.ok(svc.build, `${name} is built from the repository's Dockerfile`);
      const argv = Array.isArray(svc.command) ? svc.command : [svc.command];
      assert.equal(argv[0], command, `${name} runs "${command}"`);
    }
  });

  test('the services wait for healthy Kafka and MongoDB, and every long-running service has a healthcheck', () => {
    for (const name of bridgeServices) {
      const deps = service(name).depends_on;
      assert.ok(deps && !Array.isArray(deps), `${name} declares depends_on with conditions`);
      assert.equal(deps.kafka?.condition, 'service_healthy', `${name} waits for Kafka`);
      assert.equal(deps.mongodb?.condition, 'service_healthy', `${name} waits for MongoDB`);
    }
    for (const [name, svc] of Object.entries(compose.services)) {
      assert.ok(svc.healthcheck?.test, `${name} has a healthcheck`);
    }
  });

  test('the demo configuration matches DESIGN section 3 and points at the simulators', () => {
    const audit = environmentOf('audit');
    assert.equal(audit.JWT_SECRET, 'dev-only-jwt-secret-change-me');
    assert.equal(audit.JWT_ISSUER, 'vtiger-sage-bridge');
    assert.equal(audit.JWT_AUDIENCE, 'vtiger-sage-bridge');
    assert.equal(audit.PUBLIC_BASE_URL, 'http://127.0.0.1:3003');
    for (const name of bridgeServices) {
      const env = environmentOf(name);
      assert.equal(env.SAGE_API_URL, 'http://sage-sim:3012/v3.1', `${name} calls the Sage simulator`);
      assert.equal(env.SAGE_TOKEN_URL, 'http://sage-sim:3012/token');
      assert.equal(env.SAGE_CLIENT_ID, 'demo-client');
      assert.equal(env.SAGE_CLIENT_SECRET, 'demo-client-secret');
      assert.equal(Buffer.from(env.ENCRYPTION_KEY ?? '', 'base64').length, 32, `${name}: 32-byte key`);
    }
    // The consent page opens in the operator's browser, so it is the host's address.
    assert.equal(audit.SAGE_AUTH_URL, 'http://localhost:3012/oauth2/auth/central');
    assert.match(readText('docker-compose.yml'), /DEV ONLY/, 'the demo secrets are labelled as such');
  });

  test('every file or folder compose mounts from the repository exists', () => {
    for (const [name, svc] of Object.entries(compose.services)) {
      for (const volume of svc.volumes ?? []) {
        const source = typeof volume === 'string' ? volume.split(':')[0]! : (volume.source ?? '');
        if (!source.startsWith('.')) continue; // a named volume
        assert.ok(existsSync(join(root, source)), `${name} mounts ${source}, which does not exist`);
      }
    }
  });
});

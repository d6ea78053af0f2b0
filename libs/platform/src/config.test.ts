import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { z } from 'zod';
import { duration, kafkaEnv, loadConfig, mongoEnv, parseDuration, port } from './config.js';
import { ConfigError } from './errors.js';

const schema = z.object({
  ...kafkaEnv,
  ...mongoEnv,
  HTTP_PORT: port(8080),
  POLL_INTERVAL: duration('30s'),
});

function anEnv(overrides: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  return { KAFKA_BROKERS: 'kafka:9092', MONGO_URL: 'mongodb://db:27017/vsb', ...overrides };
}

/** The ConfigError loadConfig throws for this environment; fails the test when it loads. */
function configErrorFor(env: NodeJS.ProcessEnv): ConfigError {
  try {
    loadConfig(schema, env);
  } catch (err) {
    assert.ok(err instanceof ConfigError, `expected a ConfigError, got ${String(err)}`);
    return err;
  }
  assert.fail('expected the configuration to be refused');
}

describe('loading the configuration', () => {
  test('a complete environment loads with defaults filled in and values converted', () => {
    assert.deepEqual(loadConfig(schema, anEnv()), {
      KAFKA_BROKERS: ['kafka:9092'],
      TOPIC_PREFIX: 'vsb.',
      MONGO_URL: 'mongodb://db:27017/vsb',
      HTTP_PORT: 8080,
      POLL_INTERVAL: 30_000,
    });
  });

  test('variables the schema does not know are ignored', () => {
    assert.equal('PATH' in loadConfig(schema, anEnv({ PATH: '/usr/bin' })), false);
  });

  test('when several variables are bad, the ConfigError names each of them', () => {
    const err = configErrorFor(
      anEnv({
        KAFKA_BROKERS: undefined,
        MONGO_URL: 'postgres://db',
        HTTP_PORT: '70000',
        POLL_INTERVAL: 'soon',
      }),
    );
    assert.equal(err.code, 'CONFIG_INVALID');
    assert.match(err.message, /KAFKA_BROKERS: is required \(comma-separated host:port list\)/);
    assert.match(err.message, /MONGO_URL: must be a mongodb:\/\/ or mongodb\+srv:\/\/ URL/);
    assert.match(err.message, /HTTP_PORT: /);
    assert.match(err.message, /POLL_INTERVAL: "soon" is not a duration/);
  });

  test('when only one variable is bad, the message names only that one', () => {
    const err = configErrorFor(anEnv({ TOPIC_PREFIX: 'bad prefix!' }));
    assert.match(err.message, /TOPIC_PREFIX: may contain only/);
    assert.doesNotMatch(err.message, /KAFKA_BROKERS|MONGO_URL/);
  });

  test('a zero duration is refused', () => {
    assert.match(configErrorFor(anEnv({ POLL_INTERVAL: '0s' })).message, /POLL_INTERVAL/);
  });
});

describe('KAFKA_BROKERS', () => {
  test('is a comma-separated list of host:port, spaces around commas allowed', () => {
    const config = loadConfig(schema, anEnv({ KAFKA_BROKERS: 'k1:9092, k2:9093 ,10.0.0.3:19092' }));
    assert.deepEqual(config.KAFKA_BROKERS, ['k1:9092', 'k2:9093', '10.0.0.3:19092']);
  });

  for (const bad of ['', 'kafka', 'kafka:port', 'k1:9092,', 'k1:9092,,k2:9092']) {
    test(`"${bad}" is refused naming KAFKA_BROKERS`, () => {
      assert.match(configErrorFor(anEnv({ KAFKA_BROKERS: bad })).message, /KAFKA_BROKERS: /);
    });
  }
});

describe('parseDuration', () => {
  for (const [text, ms] of [
    ['500ms', 500],
    ['30s', 30_000],
    ['1.5s', 1_500],
    ['15m', 900_000],
    ['1h', 3_600_000],
    [' 2s ', 2_000],
  ] as const) {
    test(`"${text}" is ${ms} ms`, () => {
      assert.equal(parseDuration(text), ms);
    });
  }

  for (const text of ['', '30', 's', '-1s', '1d', '1 s', '1.s']) {
    test(`"${text}" is not a duration`, () => {
      assert.equal(parseDuration(text), undefined);
    });
  }
});

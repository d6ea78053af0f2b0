import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { PermanentUpstreamError, RateLimitedError, TransientUpstreamError } from '../errors.js';
import { BreakerOpenError, createBreakers, type BreakerState } from './breakers.js';

const failWith = (err: Error) => async () => {
  throw err;
};
const sageDown = () => new TransientUpstreamError('sage', 'Sage answered 503', 503);

/** Breakers that open after 2 calls with at least half failing, and stay open for 60 s (no test waits that long). */
function smallBreakers() {
  const changes: Array<[string, string, BreakerState]> = [];
  const breakers = createBreakers({
    volumeThreshold: 2,
    errorThresholdPercentage: 50,
    resetTimeoutMs: 60_000,
    onStateChange: (tenantId, upstream, state) => changes.push([tenantId, upstream, state]),
  });
  return { breakers, changes };
}

async function failTimes(
  breakers: ReturnType<typeof createBreakers>,
  tenantId: string,
  times: number,
  err: () => Error,
) {
  for (let i = 0; i < times; i++) {
    await assert.rejects(breakers.call(tenantId, 'sage', failWith(err())));
  }
}

describe('circuit breakers per tenant and upstream', () => {
  test('a successful call passes its value through and the circuit stays closed', async () => {
    const { breakers } = smallBreakers();
    try {
      assert.equal(await breakers.call('acme', 'sage', async () => 42), 42);
      assert.equal(breakers.state('acme', 'sage'), 'closed');
    } finally {
      breakers.shutdown();
    }
  });

  test('after enough transient failures the circuit opens and says so', async () => {
    const { breakers, changes } = smallBreakers();
    try {
      await failTimes(breakers, 'acme', 2, sageDown);
      assert.equal(breakers.state('acme', 'sage'), 'open');
      assert.deepEqual(changes, [['acme', 'sage', 'open']]);
    } finally {
      breakers.shutdown();
    }
  });

  test('rate limits count as unavailability too', async () => {
    const { breakers } = smallBreakers();
    try {
      await failTimes(breakers, 'acme', 2, () => new RateLimitedError('sage', 'slow down', 1000));
      assert.equal(breakers.state('acme', 'sage'), 'open');
    } finally {
      breakers.shutdown();
    }
  });

  test('when the circuit is open, calls fail with BreakerOpenError carrying the reset time, without running', async () => {
    const { breakers } = smallBreakers();
    try {
      await failTimes(breakers, 'acme', 2, sageDown);
      let ran = false;
      await assert.rejects(
        breakers.call('acme', 'sage', async () => {
          ran = true;
        }),
        (err) =>
          err instanceof BreakerOpenError &&
          err.tenantId === 'acme' &&
          err.upstream === 'sage' &&
          err.retryAfterMs === 60_000,
      );
      assert.equal(ran, false);
    } finally {
      breakers.shutdown();
    }
  });

  test('permanent errors (validation) do not count: the circuit stays closed and the error is passed through', async () => {
    const { breakers } = smallBreakers();
    try {
      const invalid = new PermanentUpstreamError('sage', 'name is required');
      for (let i = 0; i < 5; i++) {
        await assert.rejects(breakers.call('acme', 'sage', failWith(invalid)), (err) => err === invalid);
      }
      assert.equal(breakers.state('acme', 'sage'), 'closed');
    } finally {
      breakers.shutdown();
    }
  });

  test("one tenant's open circuit does not affect another tenant or the other upstream", async () => {
    const { breakers } = smallBreakers();
    try {
      await failTimes(breakers, 'acme', 2, sageDown);
      assert.equal(breakers.state('acme', 'sage'), 'open');
      assert.equal(breakers.state('globex', 'sage'), 'closed');
      assert.equal(breakers.state('acme', 'vtiger'), 'closed');
      assert.equal(await breakers.call('globex', 'sage', async () => 'ok'), 'ok');
      assert.equal(await breakers.call('acme', 'vtiger', async () => 'ok'), 'ok');
    } finally {
      breakers.shutdown();
    }
  });

  test('a single transient failure under the volume threshold does not open the circuit', async () => {
    const { breakers } = smallBreakers();
    try {
      await failTimes(breakers, 'acme', 1, sageDown);
      assert.equal(breakers.state('acme', 'sage'), 'closed');
    } finally {
      breakers.shutdown();
    }
  });
});

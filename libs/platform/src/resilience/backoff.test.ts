import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  AuthorizationRevokedError,
  PermanentUpstreamError,
  RateLimitedError,
  TransientUpstreamError,
} from '../errors.js';
import { isRetryable, retryDelayMs } from './backoff.js';
import { BreakerOpenError } from './breakers.js';

const transient = () => new TransientUpstreamError('sage', 'Sage answered 503', 503);
const lowest = () => 0;
const highest = () => 0.999999;

describe('which errors are retried', () => {
  for (const [what, err, retryable] of [
    ['a transient upstream error', transient(), true],
    ['a rate limit', new RateLimitedError('sage', 'slow down', 1000), true],
    ['an open breaker', new BreakerOpenError('acme', 'sage', 10_000), true],
    ['a permanent rejection', new PermanentUpstreamError('sage', 'invalid'), false],
    ['a revoked authorisation', new AuthorizationRevokedError('sage', 'revoked'), false],
    ['a programmer error', new TypeError('oops'), false],
  ] as const) {
    test(`${what} ${retryable ? 'is' : 'is not'} retryable`, () => {
      assert.equal(isRetryable(err), retryable);
    });
  }
});

describe('how long to wait before retrying', () => {
  test("a rate limit waits exactly the upstream's Retry-After, whatever the attempt", () => {
    assert.equal(retryDelayMs(new RateLimitedError('sage', 'slow down', 7_000), 1), 7_000);
    assert.equal(retryDelayMs(new RateLimitedError('sage', 'slow down', 7_000), 9), 7_000);
  });

  test('an absurd Retry-After is capped at four times the backoff cap', () => {
    assert.equal(
      retryDelayMs(new RateLimitedError('sage', 'slow down', 86_400_000), 1, 200, 30_000),
      120_000,
    );
  });

  test("an open breaker waits for the breaker's reset", () => {
    assert.equal(retryDelayMs(new BreakerOpenError('acme', 'vtiger', 10_000), 1), 10_000);
  });

  const jitterCases: Array<[number, number, number]> = [
    // attempt, lowest wait, highest wait (base 200 ms, cap 30 s)
    [1, 100, 200],
    [2, 200, 400],
    [3, 400, 800],
    [8, 12_800, 25_600],
    [9, 15_000, 30_000],
    [50, 15_000, 30_000],
  ];
  for (const [attempt, low, high] of jitterCases) {
    test(`a transient error on attempt ${attempt} waits between ${low} and ${high} ms`, () => {
      assert.equal(retryDelayMs(transient(), attempt, 200, 30_000, lowest), low);
      assert.equal(retryDelayMs(transient(), attempt, 200, 30_000, highest), high);
      for (let i = 0; i < 100; i++) {
        const wait = retryDelayMs(transient(), attempt);
        assert.ok(wait >= low && wait <= high, `${wait} outside [${low}, ${high}]`);
      }
    });
  }
});

/**
 * The error policy, written down once. Each class says what the caller should do next:
 * - TransientUpstreamError: retry with exponential backoff and jitter (timeouts, 5xx, dropped connections).
 * - RateLimitedError: wait for the upstream's hint (Retry-After / rate-limit headers), then retry.
 * - PermanentUpstreamError: do not retry; record a `failed` entry with the upstream's own message.
 * - AuthorizationRevokedError: the stored credentials are dead; mark the connection for re-authorisation.
 * - ConfigError: refuse to start.
 * Anything else thrown is a programmer error and is allowed to crash the process.
 */
export class OperationalError extends Error {
  constructor(
    message: string,
    readonly code: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

export type Upstream = 'vtiger' | 'sage';

export class TransientUpstreamError extends OperationalError {
  constructor(
    readonly upstream: Upstream,
    message: string,
    readonly status?: number,
    options?: { cause?: unknown },
  ) {
    super(message, 'UPSTREAM_UNAVAILABLE', options);
  }
}

export class RateLimitedError extends OperationalError {
  constructor(
    readonly upstream: Upstream,
    message: string,
    /** How long the upstream asked us to wait before the next call. */
    readonly retryAfterMs: number,
  ) {
    super(message, 'UPSTREAM_RATE_LIMITED');
  }
}

export class PermanentUpstreamError extends OperationalError {
  constructor(
    readonly upstream: Upstream,
    /** The upstream's own message, safe to show an operator (never contains credentials). */
    message: string,
    readonly status?: number,
    /** The upstream's machine-readable code, e.g. Vtiger's MANDATORY_FIELDS_MISSING or Sage's $dataCode. */
    readonly upstreamCode?: string,
    /** The field the upstream blamed, when it said. */
    readonly field?: string,
  ) {
    super(message, 'UPSTREAM_REJECTED');
  }
}

export class AuthorizationRevokedError extends OperationalError {
  constructor(
    readonly upstream: Upstream,
    message: string,
  ) {
    super(message, 'REAUTHORIZATION_REQUIRED');
  }
}

export class ConfigError extends OperationalError {
  constructor(message: string) {
    super(message, 'CONFIG_INVALID');
  }
}

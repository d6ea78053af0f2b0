/**
 * Why a record was skipped or failed. Contract (DESIGN.md section 5): add codes as needed, never
 * reuse one for another meaning.
 */
export const REASON_CODES = [
  'DESCRIPTION_MISSING',
  'INVOICE_DATE_MISSING',
  'ORGANIZATION_MISSING',
  'CURRENCY_MISMATCH',
  'DEPENDENCY_NOT_SYNCED',
  'GROUP_TAX_MODE',
  'CONVERSION_RATE_MISMATCH',
  'MULTIPLE_TAXES',
  'TAX_NOT_MAPPED',
  'ADJUSTMENT_NOT_SUPPORTED',
  'CHARGE_TAX_NOT_SUPPORTED',
  'REQUIRED_FIELD_EMPTY',
  'AMBIGUOUS_MATCH',
  'MODULE_DISABLED',
  'CONFLICT_RESOLVED',
  'UPSTREAM_REJECTED',
  // Added by this project:
  'DIRECTION_DISABLED', // the module syncs, but not in this direction
  'NOT_CONNECTED', // the tenant has no working connection to one side yet
  'REAUTHORIZATION_REQUIRED', // the Sage refresh token is dead; an admin must connect again
  'SOURCE_RECORD_GONE', // the record the event named no longer exists at its source
  'UPSTREAM_UNAVAILABLE', // retries ran out against an unavailable upstream
  'INVALID_EVENT', // a message that failed schema validation (dead-lettered)
  'NOT_SUPPORTED', // this version of the bridge does not sync this module, direction or kind of change yet
] as const;

export type ReasonCode = (typeof REASON_CODES)[number];

export const OUTCOMES = ['created', 'updated', 'skipped', 'failed'] as const;
export type Outcome = (typeof OUTCOMES)[number];

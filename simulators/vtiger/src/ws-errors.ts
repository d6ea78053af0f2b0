/** A handled webservice error: HTTP 200 with {"success":false,"error":{"message","code"}}. */
export class WsError extends Error {
  constructor(
    readonly code: string | number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * A PHP fatal error on the real server (TypeError, "Unknown named parameter", unknown operation):
 * HTTP 500 with an empty body, which is what clients actually see.
 */
export class PhpCrash extends Error {}

export const denied = (suffix = '') =>
  new WsError('ACCESS_DENIED', `Permission to perform the operation is denied${suffix}`);

export const mandatoryMissing = (field: string) =>
  new WsError('MANDATORY_FIELDS_MISSING', `${field} does not have a value`);

export const internalError = () =>
  new WsError('INTERNAL_SERVER_ERROR', 'Unknown Error while processing request');

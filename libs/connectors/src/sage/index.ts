export { createSageClient, MAX_ITEMS_PER_PAGE } from './sage-client.js';
export type { SageClient, SageClientOptions, SageParams, WriteOptions } from './sage-client.js';
export { DEFAULT_RETRY_AFTER_MS, isSageNotFound, sageError } from './sage-errors.js';
export {
  buildAuthorizeUrl,
  createPkcePair,
  exchangeCode,
  refreshTokens,
  revokeToken,
  revokeUrlFor,
} from './sage-oauth.js';
export type { AuthorizeUrlInput, SageScope, SageTokenSet } from './sage-oauth.js';
export * from './sage-types.js';

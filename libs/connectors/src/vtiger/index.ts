export { createVtigerClient } from './vtiger-client.js';
export type {
  VtigerClient,
  VtigerClientOptions,
  VtigerDescribe,
  VtigerElement,
  VtigerRecord,
} from './vtiger-client.js';
export { DUPLICATE_DETECTED, SESSION_ERROR_CODES } from './vtiger-errors.js';
export { pageQuery, vtqlString, withoutTerminator } from './vtql.js';

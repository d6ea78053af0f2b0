import { z } from 'zod';
import {
  commonEnv,
  encryptionEnv,
  kafkaEnv,
  loadConfig,
  mongoEnv,
  port,
  sageEnv,
} from '../../../libs/platform/src/config.js';

export const syncConfigSchema = z.object({
  ...commonEnv,
  ...kafkaEnv,
  ...mongoEnv,
  ...encryptionEnv,
  SAGE_API_URL: sageEnv.SAGE_API_URL,
  SAGE_TOKEN_URL: sageEnv.SAGE_TOKEN_URL,
  SAGE_CLIENT_ID: sageEnv.SAGE_CLIENT_ID,
  SAGE_CLIENT_SECRET: sageEnv.SAGE_CLIENT_SECRET,
  PORT: port(3002),
});
export type SyncConfig = z.infer<typeof syncConfigSchema>;

export const loadSyncConfig = (env: NodeJS.ProcessEnv = process.env) => loadConfig(syncConfigSchema, env);

import { z } from 'zod';
import { commonEnv, kafkaEnv, loadConfig, mongoEnv, port } from '../../../libs/platform/src/config.js';

export const ingestConfigSchema = z.object({
  ...commonEnv,
  ...kafkaEnv,
  ...mongoEnv,
  PORT: port(3001),
});
export type IngestConfig = z.infer<typeof ingestConfigSchema>;

export const loadIngestConfig = (env: NodeJS.ProcessEnv = process.env) => loadConfig(ingestConfigSchema, env);

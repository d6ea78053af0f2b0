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

export const auditConfigSchema = z
  .object({
    ...commonEnv,
    ...kafkaEnv,
    ...mongoEnv,
    ...encryptionEnv,
    ...sageEnv,
    JWT_SECRET: z.string().min(16, 'must be at least 16 characters (HS256 shared secret)').optional(),
    JWT_PUBLIC_KEY: z
      .string()
      .refine((k) => k.includes('BEGIN PUBLIC KEY'), 'must be a PEM public key (RS256 or ES256)')
      .optional(),
    JWT_ISSUER: z.string().min(1).default('vtiger-sage-bridge'),
    JWT_AUDIENCE: z.string().min(1).default('vtiger-sage-bridge'),
    /** Where operators and Sage's OAuth redirect reach the audit service. */
    PUBLIC_BASE_URL: z.url({ error: 'is required (e.g. https://bridge.example.com)' }),
    PORT: port(3003),
  })
  .refine((c) => !!c.JWT_SECRET !== !!c.JWT_PUBLIC_KEY, {
    path: ['JWT_SECRET'],
    message: 'set exactly one of JWT_SECRET (HS256) or JWT_PUBLIC_KEY (RS256/ES256)',
  });
export type AuditConfig = z.infer<typeof auditConfigSchema>;

export const loadAuditConfig = (env: NodeJS.ProcessEnv = process.env) => loadConfig(auditConfigSchema, env);

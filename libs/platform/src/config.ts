import { z } from 'zod';
import { ConfigError } from './errors.js';

/**
 * Config is read once, from the environment, at start-up. Each service composes the pieces it
 * needs into one zod schema; `loadConfig` reports every bad variable by name and refuses to start.
 */
export function loadConfig<S extends z.ZodObject>(
  schema: S,
  env: NodeJS.ProcessEnv = process.env,
): z.infer<S> {
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const variable = issue.path.join('.') || '(environment)';
    return `${variable}: ${issue.message}`;
  });
  throw new ConfigError(`invalid configuration:\n  ${problems.join('\n  ')}`);
}

const DURATION = /^(\d+(?:\.\d+)?)(ms|s|m|h)$/;
const UNIT_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 } as const;

/** Parses "500ms", "30s", "15m", "1h" into milliseconds. */
export function parseDuration(text: string): number | undefined {
  const m = DURATION.exec(text.trim());
  if (!m) return undefined;
  return Number(m[1]) * UNIT_MS[m[2] as keyof typeof UNIT_MS];
}

export const duration = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((text, ctx) => {
      const ms = parseDuration(text);
      if (ms === undefined || ms <= 0) {
        ctx.addIssue({
          code: 'custom',
          message: `"${text}" is not a duration such as 500ms, 30s, 15m or 1h`,
        });
        return z.NEVER;
      }
      return ms;
    });

export const port = (fallback: number) => z.coerce.number().int().min(0).max(65535).default(fallback);

export const kafkaEnv = {
  KAFKA_BROKERS: z
    .string({ error: 'is required (comma-separated host:port list)' })
    .min(1, 'is required (comma-separated host:port list)')
    .transform((s) => s.split(',').map((b) => b.trim()))
    .refine((brokers) => brokers.every((b) => /^[^:\s]+:\d+$/.test(b)), 'each broker must be host:port'),
  TOPIC_PREFIX: z
    .string()
    .regex(/^[a-zA-Z0-9._-]*$/, 'may contain only letters, digits, ".", "_" and "-"')
    .default('vsb.'),
};

export const mongoEnv = {
  MONGO_URL: z
    .string({ error: 'is required (mongodb://host:port/database)' })
    .regex(/^mongodb(\+srv)?:\/\//, 'must be a mongodb:// or mongodb+srv:// URL'),
};

export const commonEnv = {
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  NODE_ENV: z.string().default('production'),
};

const base64Key = z
  .string({ error: 'is required (32 random bytes, base64)' })
  .refine((s) => Buffer.from(s, 'base64').length === 32, 'must be 32 bytes encoded as base64')
  .transform((s) => Buffer.from(s, 'base64'));

export const encryptionEnv = { ENCRYPTION_KEY: base64Key };

export const sageEnv = {
  SAGE_API_URL: z.url().default('https://api.accounting.sage.com/v3.1'),
  SAGE_AUTH_URL: z.url().default('https://www.sageone.com/oauth2/auth/central'),
  SAGE_TOKEN_URL: z.url().default('https://oauth.accounting.sage.com/token'),
  SAGE_CLIENT_ID: z.string({ error: 'is required (the Sage app client id)' }).min(1),
  SAGE_CLIENT_SECRET: z.string({ error: 'is required (the Sage app client secret)' }).min(1),
};

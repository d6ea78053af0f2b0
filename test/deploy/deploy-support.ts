import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { z } from 'zod';
import { parse, parseAllDocuments } from 'yaml';
import { cacheDir } from '../../scripts/infra/cache.js';
import { auditConfigSchema } from '../../services/audit/src/config.js';
import { ingestConfigSchema } from '../../services/ingest/src/config.js';
import { syncConfigSchema } from '../../services/sync/src/config.js';

/** Helpers shared by the static deployment tests (compose, Dockerfile, Helm, Prometheus, Grafana). */

export const root = process.cwd();
export const readText = (path: string) => readFileSync(join(root, path), 'utf8');

/** YAML with merge keys (`<<: *anchor`), as docker compose reads it. */
export const readYaml = (path: string): unknown => parse(readText(path), { merge: true });

/** Every document of a multi-document stream; duplicate keys and other errors throw, as kubectl's would. */
export function parseYamlDocuments(text: string): unknown[] {
  return parseAllDocuments(text)
    .map((doc) => {
      if (doc.errors.length > 0) throw new Error(doc.errors.map((e) => e.message).join('\n'));
      return doc.toJS() as unknown;
    })
    .filter((doc) => doc !== null && doc !== undefined);
}

export const bridgeServices = ['ingest', 'sync', 'audit'] as const;
export type BridgeService = (typeof bridgeServices)[number];

export const configSchemas: Record<BridgeService, z.ZodObject> = {
  ingest: ingestConfigSchema,
  sync: syncConfigSchema,
  audit: auditConfigSchema,
};

/**
 * Variables a service is configured with before its schema reads them. Ingest will poll Sage and
 * run the sweep (DESIGN section 2), so compose and Helm already give it these. Drop each entry
 * once ingestConfigSchema has the key; until then it is the one allowed exception.
 */
export const plannedVariables: Record<BridgeService, readonly string[]> = {
  ingest: [
    'ENCRYPTION_KEY',
    'SAGE_API_URL',
    'SAGE_AUTH_URL',
    'SAGE_TOKEN_URL',
    'SAGE_CLIENT_ID',
    'SAGE_CLIENT_SECRET',
    'SAGE_POLL_INTERVAL',
    'RECONCILE_INTERVAL',
  ],
  sync: [],
  audit: [],
};

/** Keys of the schema's object shape that have no default and are not optional. */
export function requiredVariables(schema: z.ZodObject): string[] {
  return Object.entries(schema.shape)
    .filter(([, field]) => !(field as z.ZodType).safeParse(undefined).success)
    .map(([key]) => key);
}

/** Variables a service may be given: its schema's keys, NODE_ENV, and the planned ones. */
export function knownVariables(service: BridgeService): Set<string> {
  return new Set([...Object.keys(configSchemas[service].shape), 'NODE_ENV', ...plannedVariables[service]]);
}

export function run(command: string, args: string[]): { status: number | null; output: string } {
  const result = spawnSync(command, args, { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (result.error) return { status: null, output: result.error.message };
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

/**
 * A linter built by scripts/tools/ensure-go-tools.sh, or undefined when it is not there yet.
 * Tests that need one are skipped (with this reason) rather than failed on a bare machine.
 */
export function goTool(name: 'helm' | 'promtool'): { path?: string; skip: string | false } {
  const path = join(cacheDir('bin'), name);
  // In CI the tools are installed by .ci/run, so a missing one must fail the run, not skip quietly.
  if (existsSync(path) || process.env.CI) return { path, skip: false };
  return { skip: `${name} is not installed: run bash scripts/tools/ensure-go-tools.sh` };
}

import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { readText, root } from './deploy-support.js';

interface Stage {
  name: string;
  from: string;
  instructions: { op: string; args: string }[];
}

/** Splits the Dockerfile into stages of instructions, joining continued lines. */
function parseDockerfile(text: string): Stage[] {
  const lines = text
    .replace(/\\\r?\n/g, ' ')
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
  const stages: Stage[] = [];
  for (const line of lines) {
    const [, op = '', args = ''] = /^(\S+)\s*(.*)$/.exec(line) ?? [];
    const upper = op.toUpperCase();
    if (upper === 'FROM') {
      const m = /^(?:--\S+\s+)*(\S+)(?:\s+AS\s+(\S+))?/i.exec(args);
      stages.push({ from: m?.[1] ?? '', name: m?.[2] ?? String(stages.length), instructions: [] });
    } else if (stages.length > 0) {
      stages.at(-1)!.instructions.push({ op: upper, args });
    }
  }
  return stages;
}

const dockerfile = parseDockerfile(readText('Dockerfile'));
const runtime = dockerfile.at(-1)!;
const entrypoint = readText('docker/entrypoint.sh');

/** The file `npm run build` emits for a TypeScript source (tsconfig: rootDir ".", outDir "dist"). */
const emittedFor = (source: string) => `dist/${source.replace(/\.ts$/, '.js')}`;

const entrySources: Record<string, string> = {
  ingest: 'services/ingest/src/main.ts',
  sync: 'services/sync/src/main.ts',
  audit: 'services/audit/src/main.ts',
  simulators: 'simulators/main.ts',
};

describe('Dockerfile', () => {
  test('is a multi-stage build: npm ci, npm run build, then a runtime with production dependencies only', () => {
    assert.ok(dockerfile.length >= 3, `expected at least 3 stages, found ${dockerfile.length}`);
    const runs = dockerfile.flatMap((s) => s.instructions.filter((i) => i.op === 'RUN').map((i) => i.args));
    assert.ok(
      runs.some((r) => /npm ci(?!.*--omit=dev)/.test(r)),
      'a stage installs all dependencies with npm ci',
    );
    assert.ok(
      runs.some((r) => /npm run build/.test(r)),
      'a stage compiles with npm run build',
    );
    assert.ok(
      runs.some((r) => /npm ci .*--omit=dev/.test(r)),
      'a stage installs production dependencies only',
    );
    assert.match(runtime.from, /^(node:20-slim|\$\{NODE_IMAGE\})$/);
    assert.match(readText('Dockerfile'), /ARG NODE_IMAGE=node:20-slim/);
    const copies = runtime.instructions.filter((i) => i.op === 'COPY').map((i) => i.args);
    assert.ok(
      copies.some((c) => /--from=build\b.*\/app\/dist/.test(c)),
      'the runtime copies dist/ from the build stage',
    );
    assert.ok(
      !copies.some((c) => /--from=(deps|build)\b.*node_modules/.test(c)),
      'the runtime never takes node_modules with dev dependencies',
    );
  });

  test('the runtime stage runs as the fixed non-root user 10001 with NODE_ENV=production', () => {
    const users = runtime.instructions.filter((i) => i.op === 'USER').map((i) => i.args);
    assert.ok(users.length > 0, 'the runtime stage sets USER');
    assert.match(users.at(-1)!, /^10001(:10001)?$/, 'the last USER is UID 10001');
    assert.ok(
      runtime.instructions.some((i) => i.op === 'ENV' && /NODE_ENV=production/.test(i.args)),
      'NODE_ENV=production',
    );
  });

  test('tini is PID 1 and hands over to the entrypoint script, which execs node', () => {
    const ep = runtime.instructions.find((i) => i.op === 'ENTRYPOINT');
    assert.ok(ep, 'the runtime stage has an ENTRYPOINT');
    const argv = JSON.parse(ep.args) as string[];
    assert.match(argv[0]!, /tini$/);
    assert.equal(argv[1], '--');
    assert.match(entrypoint, /exec node "\$entry"/, 'node replaces the shell, so it receives SIGTERM');
  });

  test('the entrypoint maps ingest, sync, audit and simulators to the built entry files, ingest by default', () => {
    for (const [name, source] of Object.entries(entrySources)) {
      const line = new RegExp(`^\\s*${name}\\) entry=${emittedFor(source).replace(/[./]/g, '\\$&')} ;;`, 'm');
      assert.match(entrypoint, line, `"${name}" runs ${emittedFor(source)}`);
    }
    const cmd = runtime.instructions.find((i) => i.op === 'CMD');
    assert.deepEqual(JSON.parse(cmd?.args ?? 'null'), ['ingest']);
  });

  test('every entry file the entrypoint runs is compiled from a source that exists', () => {
    const missing = Object.values(entrySources).filter((source) => !existsSync(join(root, source)));
    assert.deepEqual(missing, [], 'the image would start a file that the build never emits');
  });

  test('.dockerignore lets in everything the build copies and keeps the rest of the repository out', () => {
    const ignore = readText('.dockerignore')
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l && !l.startsWith('#'));
    assert.equal(ignore[0], '*', 'everything is excluded first, then re-included');
    const included = new Set(
      ignore.filter((l) => l.startsWith('!')).map((l) => l.slice(1).replace(/\/$/, '')),
    );
    const sources = dockerfile
      .flatMap((s) => s.instructions)
      .filter((i) => i.op === 'COPY' && !/--from=/.test(i.args))
      .flatMap((i) =>
        i.args
          .split(/\s+/)
          .filter((a) => !a.startsWith('--'))
          .slice(0, -1),
      );
    assert.ok(sources.length > 0);
    for (const source of sources) {
      assert.ok(
        included.has(source.replace(/\/$/, '')),
        `.dockerignore excludes ${source}, which COPY needs`,
      );
    }
  });
});

import { spawn, spawnSync, type ChildProcess, type SpawnSyncOptions } from 'node:child_process';
import { openSync } from 'node:fs';
import { createConnection } from 'node:net';

/** Runs a command to completion, failing loudly with its output when it fails. */
export function run(command: string, args: string[], options: SpawnSyncOptions = {}): string {
  const result = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, ...options });
  if (result.error) throw new Error(`${command} could not run: ${result.error.message}`);
  if (result.status !== 0) {
    throw new Error(
      `${command} ${args.join(' ')} failed (exit ${result.status}):\n${String(result.stdout).slice(-3000)}\n${String(result.stderr).slice(-3000)}`,
    );
  }
  return String(result.stdout ?? '');
}

export function hasCommand(command: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}

/** Starts a long-running server in its own process group, its output in a log file. */
export function startDaemon(
  command: string,
  args: string[],
  logFile: string,
  env: NodeJS.ProcessEnv = process.env,
): ChildProcess {
  const out = openSync(logFile, 'a');
  // A small watchdog runs the daemon and stops it once this process is gone, however it went
  // (Ctrl-C racing the clean stop, a killed test run), so no broker is left holding its ports.
  // Both sit in their own process group, which stopDaemon signals as a whole.
  const watchdog = [
    '"$@" & daemon=$!',
    "trap 'kill -TERM $daemon 2>/dev/null; wait $daemon; exit 0' TERM INT",
    `while kill -0 ${process.pid} 2>/dev/null && kill -0 $daemon 2>/dev/null; do sleep 1; done`,
    'kill -TERM $daemon 2>/dev/null; wait $daemon',
  ].join('\n');
  const child = spawn('sh', ['-c', watchdog, 'watchdog', command, ...args], {
    stdio: ['ignore', out, out],
    detached: true,
    env,
  });
  child.unref();
  return child;
}

export async function stopDaemon(child: ChildProcess, graceMs = 10_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    process.kill(-child.pid, 'SIGTERM');
  } catch {
    return;
  }
  const timer = setTimeout(() => {
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      // already gone
    }
  }, graceMs);
  await exited;
  clearTimeout(timer);
}

export function isPortOpen(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ port, host });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** Waits for a daemon's port; a daemon that never opens it is stopped, not left running. */
export async function waitForPort(
  port: number,
  what: string,
  child: ChildProcess,
  logFile: string,
  timeoutMs = 120_000,
) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null)
      throw new Error(`${what} exited with code ${child.exitCode}; see ${logFile}`);
    if (await isPortOpen(port)) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  await stopDaemon(child, 5_000);
  throw new Error(`${what} did not open port ${port} within ${timeoutMs / 1000} s; see ${logFile}`);
}

/** Finds a port nothing listens on, starting from a preferred one. */
export async function freePort(preferred: number): Promise<number> {
  for (let port = preferred; port < preferred + 200; port++) {
    if (!(await isPortOpen(port))) return port;
  }
  throw new Error(`no free port near ${preferred}`);
}

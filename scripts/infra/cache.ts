import { mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** Downloads and built binaries live outside the repository so a second run is fast. */
export function cacheDir(...parts: string[]): string {
  const root =
    process.env.VSB_CACHE_DIR ??
    join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'vtiger-sage-bridge');
  const dir = join(root, ...parts);
  mkdirSync(dir, { recursive: true });
  return dir;
}

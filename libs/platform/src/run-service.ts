import { pathToFileURL } from 'node:url';
import { ConfigError } from './errors.js';
import { createLogger, type Logger } from './logger.js';
import { createShutdown } from './shutdown.js';

export interface StartedService {
  url: string;
  stop(): Promise<void>;
}

/** Whether this module is the script node was asked to run (ESM has no require.main). */
export function isEntryPoint(moduleUrl: string): boolean {
  const script = process.argv[1];
  return (
    !!script && (moduleUrl === pathToFileURL(script).href || moduleUrl === pathToFileURL(`${script}.ts`).href)
  );
}

/**
 * The thin runner every service's main.ts ends with: load config (a ConfigError prints the bad
 * variables and exits 1), start, stop cleanly on SIGTERM/SIGINT, crash on programmer errors.
 */
export async function runService<C extends { LOG_LEVEL: string }>(
  name: string,
  loadConfig: () => C,
  start: (config: C, logger: Logger) => Promise<StartedService>,
): Promise<void> {
  let config: C;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(`${name}: ${err.message}`);
      process.exit(1);
    }
    throw err;
  }
  const logger = createLogger(name, config.LOG_LEVEL);
  process.on('unhandledRejection', (err) => {
    logger.fatal({ err }, 'unhandled promise rejection: this is a bug');
    process.exit(1);
  });
  try {
    const service = await start(config, logger);
    logger.info({ url: service.url }, `${name} started`);
    createShutdown(logger, [['stop service', () => service.stop()]], 30_000).installSignalHandlers();
  } catch (err) {
    logger.fatal({ err }, `${name} failed to start`);
    process.exit(1);
  }
}

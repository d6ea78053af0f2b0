import type { Logger } from './logger.js';

export type ShutdownStep = [name: string, run: () => Promise<void> | void];

/**
 * Runs the shutdown steps once, in order (fail readiness, stop intake, drain, commit, disconnect,
 * close the database), each with a deadline so a stuck dependency cannot keep the pod alive.
 */
export function createShutdown(logger: Logger, steps: ShutdownStep[], stepTimeoutMs = 10_000) {
  let running: Promise<void> | undefined;
  const run = () =>
    (running ??= (async () => {
      for (const [name, step] of steps) {
        const started = Date.now();
        try {
          await Promise.race([
            Promise.resolve().then(step),
            new Promise((_, reject) =>
              setTimeout(() => reject(new Error('timed out')), stepTimeoutMs).unref(),
            ),
          ]);
          logger.info({ step: name, ms: Date.now() - started }, 'shutdown step done');
        } catch (err) {
          logger.error({ step: name, err }, 'shutdown step failed');
        }
      }
    })());
  return {
    run,
    /** Installs SIGTERM/SIGINT handlers that run the steps and exit. */
    installSignalHandlers(exit: (code: number) => void = (code) => process.exit(code)) {
      const onSignal = (signal: NodeJS.Signals) => {
        logger.info({ signal }, 'shutting down');
        void run().then(() => exit(0));
      };
      process.once('SIGTERM', onSignal);
      process.once('SIGINT', onSignal);
    },
  };
}

import { pino, type Logger } from 'pino';

export type { Logger };

/**
 * Secrets are removed by configuration, not by care: any of these paths is censored wherever it
 * appears in a logged object.
 */
const REDACT = [
  'secret',
  'password',
  'accessKey',
  'accessToken',
  'refreshToken',
  'access_token',
  'refresh_token',
  'client_secret',
  'sessionName',
  'authorization',
  'token',
  '*.secret',
  '*.password',
  '*.accessKey',
  '*.accessToken',
  '*.refreshToken',
  '*.access_token',
  '*.refresh_token',
  '*.client_secret',
  '*.sessionName',
  '*.token',
  'req.headers.authorization',
  'req.headers["x-bridge-secret"]',
  'headers.authorization',
  'headers["x-bridge-secret"]',
  'config.headers.Authorization',
];

export function createLogger(service: string, level: string, destination?: NodeJS.WritableStream): Logger {
  return pino(
    {
      name: service,
      level,
      base: { service },
      redact: { paths: REDACT, censor: '[redacted]' },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    destination as pino.DestinationStream | undefined,
  );
}

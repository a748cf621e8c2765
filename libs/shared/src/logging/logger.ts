import pino, { type DestinationStream, type Logger } from 'pino';
import { currentRequestId } from './request-context';

export type { Logger } from 'pino';

/**
 * Last line of defence if an object with secrets or personal data is logged by mistake. The request
 * logger itself never logs bodies, query strings, headers, addresses or tokens.
 */
export const REDACT_PATHS: readonly string[] = [
  'authorization',
  'cookie',
  'token',
  'accessToken',
  'refreshToken',
  'password',
  'headers',
  'body',
  'query',
  'ip',
  'remoteAddress',
  'userAgent',
  '*.authorization',
  '*.cookie',
  '*.token',
  '*.accessToken',
  '*.refreshToken',
  '*.password',
  '*.headers',
  '*.body',
  '*.query',
  '*.ip',
  '*.remoteAddress',
  '*.userAgent',
  // TypeORM's QueryFailedError carries the SQL parameters, i.e. the data being written.
  'err.parameters',
  '*.parameters',
];

export interface LoggerOptions {
  readonly level: string;
  readonly service: string;
  /** Tests pass a stream to read what was logged. */
  readonly destination?: DestinationStream;
}

/** JSON lines on stdout, one logger per process. */
export function createLogger(options: LoggerOptions): Logger {
  return pino(
    {
      level: options.level,
      base: { service: options.service },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: [...REDACT_PATHS], censor: '[redacted]' },
      serializers: { err: pino.stdSerializers.err },
      // Every line written while serving a request, or a job or event it caused, names that request.
      mixin: () => {
        const requestId = currentRequestId();
        return requestId === undefined ? {} : { requestId };
      },
    },
    options.destination ?? pino.destination(1),
  );
}

import { tracingEnabled } from './trace-context';

/** Flushes and stops the SDK if tracing is on (graceful shutdown); nothing otherwise. */
export async function stopTracing(): Promise<void> {
  if (!tracingEnabled()) return;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { stopTracingSdk } = require('./tracing.sdk') as typeof import('./tracing.sdk');
  await stopTracingSdk();
}

type Middleware = (req: import('express').Request, res: import('express').Response, next: import('express').NextFunction) => void;

/**
 * The middleware that decides at the door whether a request is traced and makes its server span
 * (tracing.sdk.ts traceRequests), to install first thing in an app; undefined when tracing is off,
 * so that nothing is installed.
 */
export function traceRequestsMiddleware(): Middleware | undefined {
  if (!tracingEnabled()) return undefined;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { traceRequests } = require('./tracing.sdk') as typeof import('./tracing.sdk');
  return traceRequests;
}

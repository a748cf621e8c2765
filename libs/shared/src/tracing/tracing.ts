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
 * The middleware that names traced server spans after their route (tracing.sdk.ts traceRoute), to
 * install first thing in an app; undefined when tracing is off, so that nothing is installed.
 */
export function traceRouteMiddleware(): Middleware | undefined {
  if (!tracingEnabled()) return undefined;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { traceRoute } = require('./tracing.sdk') as typeof import('./tracing.sdk');
  return traceRoute;
}

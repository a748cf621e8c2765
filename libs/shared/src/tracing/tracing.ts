import { tracingEnabled } from './trace-context';

/** Flushes and stops the SDK if tracing is on (graceful shutdown); nothing otherwise. */
export async function stopTracing(): Promise<void> {
  if (!tracingEnabled()) return;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { stopTracingSdk } = require('./tracing.sdk') as typeof import('./tracing.sdk');
  await stopTracingSdk();
}

import { basename, dirname } from 'node:path';
import { defineConfig, loadConfig } from '../config/config.definition';
import { optional, str } from '../config/config.field';
import { TRACING_FIELDS } from './tracing.config';

/**
 * Starts tracing before anything else of this library is loaded: `@inps/shared`'s index imports
 * this first, and every main.ts and worker.ts imports `@inps/shared` before its own modules, so the
 * instrumentations are in place before http, express, pg and ioredis are first required (they patch
 * modules as they load). Off, the default, it only reads the variables: the SDK is not even loaded.
 *
 * A bad variable is left to the service's own configuration (baseConfig has the same fields), which
 * stops the process naming it.
 */
const preloadConfig = defineConfig({ ...TRACING_FIELDS, SERVICE_NAME: optional(str()) });

/** `services/<name>/dist/main.js` → `<name>`: the container sets SERVICE, not SERVICE_NAME. */
function serviceOfScript(): string | undefined {
  const script = process.argv[1];
  if (!script) return undefined;
  const dir = dirname(dirname(script));
  return basename(dirname(dir)) === 'services' ? basename(dir) : undefined;
}

function preload(): void {
  let config;
  try {
    config = loadConfig(preloadConfig);
  } catch {
    return;
  }
  if (config.OTEL_EXPORTER_OTLP_ENDPOINT === undefined) return;
  // Required here, not imported: with tracing off the SDK costs nothing, not even its loading.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { startTracingSdk } = require('./tracing.sdk') as typeof import('./tracing.sdk');
  startTracingSdk({
    serviceName: config.OTEL_SERVICE_NAME ?? config.SERVICE_NAME ?? serviceOfScript() ?? 'inps-per-tutti',
    endpoint: config.OTEL_EXPORTER_OTLP_ENDPOINT,
    ratio: config.OTEL_TRACES_SAMPLER_ARG,
  });
}

preload();

import { Logger as HiveLogger } from '@graphql-hive/gateway-runtime';
import type { Logger } from '@inps/shared';

type Attributes = Record<string, unknown> | readonly unknown[] | null | undefined;

/** Attributes safe to keep: codes and names, never requests, variables or bodies. */
const SAFE_ATTRIBUTES = ['code', 'serviceName', 'subgraphName', 'path'] as const;

/** A message is kept only when it cannot carry client data (quoted values, long texts). */
const SAFE_MESSAGE = /^[^"'`{}]{1,200}$/;

function pick(attrs: Attributes): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const visit = (value: unknown, depth: number): void => {
    if (depth > 3 || typeof value !== 'object' || value === null) return;
    for (const [k, v] of Object.entries(value)) {
      if ((SAFE_ATTRIBUTES as readonly string[]).includes(k) && (typeof v === 'string' || typeof v === 'number' || Array.isArray(v))) out[k] ??= v;
      else visit(v, depth + 1);
    }
  };
  visit(attrs, 0);
  return out;
}

/**
 * Hive's own logger, written through our pino with only codes and names. By default the runtime logs a
 * failed subgraph call with the whole subgraph request, variables included (which can be a person's
 * answers): that must never reach the logs.
 */
export function hiveLogger(logger: Logger): HiveLogger {
  return new HiveLogger({
    level: 'warn',
    writers: [
      {
        write(level, attrs, msg) {
          const fields = { component: 'graphql-runtime', ...pick(attrs) };
          const message = typeof msg === 'string' && SAFE_MESSAGE.test(msg) ? msg : 'GraphQL runtime event';
          if (level === 'error') logger.error(fields, message);
          else logger.warn(fields, message);
        },
      },
    ],
  });
}

import type { DataSource } from 'typeorm';
import type { QueueBackend } from '../queue/queue.backend';
import { withTimeout } from '../util/with-timeout';

/** One dependency readiness depends on; `check` rejects when it is down. */
export interface HealthCheck {
  readonly name: string;
  check(): Promise<void>;
}

export function databaseHealthCheck(dataSource: DataSource, timeoutMs = 2000): HealthCheck {
  return {
    name: 'database',
    async check() {
      if (!dataSource.isInitialized) throw new Error('the data source is not connected');
      await withTimeout(dataSource.query('SELECT 1'), timeoutMs, 'the database');
    },
  };
}

export function queueHealthCheck(backend: QueueBackend, timeoutMs = 2000): HealthCheck {
  return { name: 'queue', check: () => backend.ping(timeoutMs) };
}

export interface HealthCheckResult {
  readonly name: string;
  /** Why it failed, for the log only; undefined when up. */
  readonly error: string | undefined;
}

/** Every check at once (each bounded by its own timeout). */
export function runHealthChecks(checks: readonly HealthCheck[]): Promise<HealthCheckResult[]> {
  return Promise.all(
    checks.map(async (c) => {
      try {
        await c.check();
        return { name: c.name, error: undefined };
      } catch (error) {
        return { name: c.name, error: error instanceof Error ? error.message : String(error) };
      }
    }),
  );
}

import { join } from 'node:path';
import type { BaseConfig } from '../config/base.config';
import { startEmbeddedPostgres } from './embedded-postgres';

export interface ResolvedDatabase {
  readonly url: string;
  readonly embedded: boolean;
  /** Stops the embedded server if this process started it; otherwise does nothing. */
  stop(): Promise<void>;
}

type Log = (level: 'debug' | 'info' | 'warn' | 'error', message: string) => void;

/** DATABASE_URL when set; otherwise the embedded PostgreSQL under DATA_DIR/postgres. */
export async function resolveDatabase(config: Pick<BaseConfig, 'DATABASE_URL' | 'DATA_DIR' | 'EMBEDDED_DB_PORT'>, log?: Log): Promise<ResolvedDatabase> {
  if (config.DATABASE_URL !== undefined) return { url: config.DATABASE_URL, embedded: false, stop: async () => undefined };
  const pg = await startEmbeddedPostgres({ dataDir: join(config.DATA_DIR, 'postgres'), port: config.EMBEDDED_DB_PORT, log });
  return { url: pg.url, embedded: true, stop: () => pg.stop() };
}

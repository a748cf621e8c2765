import type { DataSource, EntityManager } from 'typeorm';
import type { IsolationLevel } from 'typeorm/driver/types/IsolationLevel';
import { PG_ERROR, pgErrorCode } from '../errors/database-error.mapper';

export interface TransactionOptions {
  readonly isolation?: IsolationLevel;
  /** Extra attempts after a serialization failure or deadlock (default 2). `work` must be safe to re-run. */
  readonly retries?: number;
}

const RETRYABLE = new Set<string>([PG_ERROR.SERIALIZATION_FAILURE, PG_ERROR.DEADLOCK_DETECTED]);

/**
 * Runs `work` in one transaction, retrying it when PostgreSQL aborted it only because of a
 * concurrent one; the business write and its outbox event commit together or not at all.
 */
export async function inTransaction<T>(dataSource: DataSource, work: (manager: EntityManager) => Promise<T>, options: TransactionOptions = {}): Promise<T> {
  const retries = options.retries ?? 2;
  for (let attempt = 0; ; attempt++) {
    try {
      return options.isolation ? await dataSource.transaction(options.isolation, work) : await dataSource.transaction(work);
    } catch (error) {
      const code = pgErrorCode(error);
      if (attempt >= retries || code === undefined || !RETRYABLE.has(code)) throw error;
      await new Promise((resolve) => setTimeout(resolve, 10 * 2 ** attempt + Math.random() * 10));
    }
  }
}

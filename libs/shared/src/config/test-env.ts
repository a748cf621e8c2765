import type { Env } from './config.definition';

export interface TestEnvironment {
  /** An administrative connection on which tests create and drop their own databases. */
  readonly databaseUrl: string;
  readonly redisUrl: string;
  /** Marks the databases and queue keys of one test run, so its global teardown removes them. */
  readonly runId: string;
}

export const DEFAULT_TEST_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/postgres';
export const DEFAULT_TEST_REDIS_URL = 'redis://127.0.0.1:6379';

/** Where integration tests find their servers; the only place test helpers read the environment. */
export function readTestEnvironment(env: Env = process.env): TestEnvironment {
  return {
    databaseUrl: env.TEST_DATABASE_URL?.trim() || DEFAULT_TEST_DATABASE_URL,
    redisUrl: env.TEST_REDIS_URL?.trim() || DEFAULT_TEST_REDIS_URL,
    runId: /^[a-z0-9]{1,12}$/.test(env.INPS_TEST_RUN ?? '') ? (env.INPS_TEST_RUN as string) : 'local',
  };
}

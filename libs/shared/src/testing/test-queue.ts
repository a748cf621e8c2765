import { randomBytes } from 'node:crypto';
import { readTestEnvironment } from '../config/test-env';

/** A queue prefix of its own for each test file (call it once per file), so parallel files never share queues. */
export function testQueuePrefix(label = 't'): string {
  return `${label}-r${readTestEnvironment().runId}-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
}

/** TEST_REDIS_URL, default redis://127.0.0.1:6379. */
export function testRedisUrl(): string {
  return readTestEnvironment().redisUrl;
}

/** TEST_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/postgres (administrative). */
export function testDatabaseAdminUrl(): string {
  return readTestEnvironment().databaseUrl;
}

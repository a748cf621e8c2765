import { Module, type DynamicModule } from '@nestjs/common';
import {
  createTestApp,
  createTestDatabase,
  DatabaseModule,
  HealthModule,
  QueueModule,
  testQueuePrefix,
  testRedisUrl,
  type BaseServiceConfig,
  type TestApp,
  type TestDatabase,
} from '../src';

jest.setTimeout(30_000);

@Module({})
class HealthOnlyModule {
  static forRoot(config: BaseServiceConfig): DynamicModule {
    return {
      module: HealthOnlyModule,
      imports: [
        DatabaseModule.forRoot({ url: config.DATABASE_URL, schema: 'health' }),
        QueueModule.forRoot({ config }),
        HealthModule.forRoot({ timeoutMs: 1000 }),
      ],
    };
  }
}

describe('health', () => {
  const apps: TestApp[] = [];
  const databases: TestDatabase[] = [];

  async function start(env: Record<string, string>): Promise<TestApp> {
    const app = await createTestApp((config) => HealthOnlyModule.forRoot(config), { env: { QUEUE_PREFIX: testQueuePrefix('health'), ...env } });
    apps.push(app);
    return app;
  }

  afterAll(async () => {
    for (const app of apps) await app.close().catch(() => undefined);
    for (const db of databases) await db.drop();
  });

  it('is ready (200) when the database and the queue answer', async () => {
    const t = await start({ REDIS_URL: testRedisUrl() });
    const res = await t.http.get('/health/ready');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok', checks: { database: 'up', queue: 'up' } });
  });

  it('answers 503 naming the queue when Redis is on a closed port, while staying live', async () => {
    const t = await start({ REDIS_URL: 'redis://127.0.0.1:1' });
    const ready = await t.http.get('/health/ready');
    expect(ready.status).toBe(503);
    expect(ready.body).toEqual({
      error: {
        code: 'NOT_READY',
        message: 'Il servizio non è pronto o si sta fermando: riprovi tra poco.',
        language: 'it',
        reviewed: true,
        developerMessage: 'Not ready: queue',
        details: [{ field: 'queue', issue: 'down' }],
      },
    });
    expect((await t.http.get('/health/live')).status).toBe(200);
  });

  it('answers 503 naming the queue when the PostgreSQL queue is on a closed port', async () => {
    const t = await start({ QUEUE_DATABASE_URL: 'postgres://postgres@127.0.0.1:1/postgres' });
    const ready = await t.http.get('/health/ready');
    expect(ready.status).toBe(503);
    expect(ready.body.error.details).toEqual([{ field: 'queue', issue: 'down' }]);
  });

  it('answers 503 naming the database when the database goes away', async () => {
    const db = await createTestDatabase('health');
    databases.push(db);
    const t = await start({ REDIS_URL: testRedisUrl(), DATABASE_URL: db.url });
    expect((await t.http.get('/health/ready')).status).toBe(200);
    await db.drop();
    const ready = await t.http.get('/health/ready');
    expect(ready.status).toBe(503);
    expect(ready.body.error.details).toEqual([{ field: 'database', issue: 'down' }]);
  });
});

import { createServer } from 'node:net';
import {
  createTestApp,
  createTestDatabase,
  FixedClock,
  JobWorkers,
  QUEUE_BACKEND,
  eventually,
  QueueStoreWatch,
  testQueuePrefix,
  testRedisUrl,
  type QueueBackend,
  type TestApp,
  type TestDatabase,
} from '@inps/shared';
import type IORedis from 'ioredis';
import { DataSource } from 'typeorm';
import { AppModule } from '../src/app.module';
import { monitoringConfig } from '../src/monitoring.config';
import { MONITORING_DATABASE } from '../src/migrations';
import { REQUEUE_REPORTS_JOB } from '../src/modules/reports/report-job';
import { fakeTerritories, screeningEvent, seedScreenings } from './helpers';

/** A local port with nothing listening on it: a Redis that is down. */
async function deadPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/**
 * A report whose job Redis never got: the API answers 503 and leaves the report QUEUED, and the
 * worker's scheduled REQUEUE_REPORTS_JOB, once it has a Redis, adds the job and the report
 * completes; the same when Redis comes back empty. One database for both processes, as in
 * production.
 */
describe('reports lost with Redis', () => {
  const clock = new FixedClock('2026-07-10T10:00:00Z');
  const auth = (token: string) => ({ authorization: `Bearer ${token}` });
  let db: TestDatabase;
  let api: TestApp<typeof monitoringConfig.fields> | undefined;
  let worker: TestApp<typeof monitoringConfig.fields> | undefined;
  const queuePrefix = testQueuePrefix('mon-repair');

  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await worker?.close();
    await api?.close();
    await db.drop();
  });

  it('answers 503 while Redis is down, and the worker puts the job back and completes the report', async () => {
    api = await createTestApp((config) => AppModule.forRoot(config, { clock, territories: fakeTerritories }), {
      config: monitoringConfig,
      database: MONITORING_DATABASE,
      env: { DATABASE_URL: db.url, REDIS_URL: `redis://127.0.0.1:${await deadPort()}`, QUEUE_PREFIX: queuePrefix },
    });
    await seedScreenings(api.app, [screeningEvent({ territory: '058091' }), screeningEvent({ territory: '015146' })]);

    const refused = await api.http
      .post('/api/v1/reports')
      .set(auth(await api.tokens.central()))
      .send({ semester: '2026S1' });
    expect(refused.status).toBe(503);
    expect(refused.body).toEqual({
      error: { code: 'SERVICE_UNAVAILABLE', message: expect.any(String), language: 'it', reviewed: true, developerMessage: expect.any(String) },
    });
    // What the refusal leaves is a QUEUED report: something the sweep can finish, nothing half-made.
    const ds = api.app.get(DataSource);
    const rows = (await ds.query(`SELECT id, status FROM report`)) as { id: string; status: string }[];
    expect(rows).toEqual([{ id: expect.any(String), status: 'QUEUED' }]);

    // The worker starts with a Redis that has never seen this report; the schedule's first run adds the job.
    worker = await createTestApp((config) => AppModule.forRoot(config, { clock, territories: fakeTerritories, withWorker: true }), {
      config: monitoringConfig,
      database: MONITORING_DATABASE,
      env: { DATABASE_URL: db.url, REDIS_URL: testRedisUrl(), QUEUE_PREFIX: queuePrefix },
    });
    await eventually(
      'the report to be completed',
      async () => {
        const now = (await ds.query(`SELECT status FROM report WHERE id = $1`, [rows[0].id])) as { status: string }[];
        return now[0]?.status === 'COMPLETED';
      },
      { timeoutMs: 60_000, everyMs: 50 },
    );

    // Putting jobs back again changes nothing: no second report, no second run.
    const requeue = { name: REQUEUE_REPORTS_JOB.name, data: {}, attemptsMade: 0, opts: {}, updateProgress: async () => undefined };
    await worker.app.get(JobWorkers).dispatch(REQUEUE_REPORTS_JOB, requeue);
    const after = (await ds.query(`SELECT version, status FROM report`)) as { version: number; status: string }[];
    expect(after).toEqual([{ version: 1, status: 'COMPLETED' }]);
  });

  it('gives a waiting report its job back when Redis comes back empty, without a restart', async () => {
    if (!worker) throw new Error('the first test starts the worker');
    const ds = worker.app.get(DataSource);
    // A report the store lost: QUEUED in the database, nothing in Redis any more.
    const [{ id }] = (await ds.query(
      `INSERT INTO report (semester, scope_level, scope_code, version, status, progress, requested_by) VALUES ('2025S2', 'NATIONAL', 'IT', 1, 'QUEUED', 0, 'test') RETURNING id`,
    )) as { id: string }[];
    const watch = worker.app.get(QueueStoreWatch);
    await watch.check();
    const redis = worker.app.get<QueueBackend>(QUEUE_BACKEND).connection as IORedis;
    await redis.del(...(await redis.keys(`bull:${queuePrefix}*`)));
    await watch.check();
    await eventually(
      'the report to be completed',
      async () => {
        const now = (await ds.query(`SELECT status FROM report WHERE id = $1`, [id])) as { status: string }[];
        return now[0]?.status === 'COMPLETED';
      },
      { timeoutMs: 60_000, everyMs: 50 },
    );
  });
});

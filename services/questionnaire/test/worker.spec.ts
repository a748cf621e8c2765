import {
  createTestApp,
  FixedClock,
  Jobs,
  JobWorkers,
  QUEUE_BACKEND,
  QueueStoreWatch,
  testQueuePrefix,
  testRedisUrl,
  type QueueBackend,
  type TestApp,
} from '@inps/shared';
import type IORedis from 'ioredis';
import { DataSource } from 'typeorm';
import { CLOSE_IDLE_JOB } from '../src/modules/housekeeping/housekeeping-jobs';
import { questionnaireConfig } from '../src/questionnaire.config';
import { QUESTIONNAIRE_DATABASE } from '../src/migrations';
import { WorkerModule } from '../src/worker.module';

/** The job schedulers of the housekeeping queue. */
const schedulers = (t: TestApp<typeof questionnaireConfig.fields>): Promise<number> => t.app.get(Jobs).queue(CLOSE_IDLE_JOB).getJobSchedulersCount();

describe('questionnaire worker', () => {
  it('registers the idle-closing schedule once however often it starts', async () => {
    const prefix = testQueuePrefix('qw');
    const clock = new FixedClock(new Date('2026-03-10T10:00:00Z'));
    const t = await createTestApp((config) => WorkerModule.forRoot(config, { clock }), {
      config: questionnaireConfig,
      database: QUESTIONNAIRE_DATABASE,
      env: { REDIS_URL: testRedisUrl(), QUEUE_PREFIX: prefix },
    });
    try {
      expect(await schedulers(t)).toBe(1);
      await t.app.get(JobWorkers).restore();
      await t.app.get(JobWorkers).restore();
      expect(await schedulers(t)).toBe(1);
      // The schema is migrated by the worker too, so either process may start first.
      expect((await t.app.get(DataSource).query(`SELECT count(*)::int AS n FROM screening`))[0].n).toBe(0);
    } finally {
      await t.close();
    }
  });

  it('puts the schedule back when Redis comes back empty, without a restart', async () => {
    const prefix = testQueuePrefix('qwr');
    const t = await createTestApp((config) => WorkerModule.forRoot(config, { clock: new FixedClock(new Date('2026-03-10T10:00:00Z')) }), {
      config: questionnaireConfig,
      database: QUESTIONNAIRE_DATABASE,
      env: { REDIS_URL: testRedisUrl(), QUEUE_PREFIX: prefix },
    });
    try {
      const watch = t.app.get(QueueStoreWatch);
      await watch.check();
      expect(await schedulers(t)).toBe(1);
      // What a Redis without persistence looks like after a restart: none of our keys.
      const redis = t.app.get<QueueBackend>(QUEUE_BACKEND).connection as IORedis;
      const keys = await redis.keys(`bull:${prefix}*`);
      expect(keys.length).toBeGreaterThan(0);
      await redis.del(...keys);
      expect(await schedulers(t)).toBe(0);
      await watch.check();
      expect(await schedulers(t)).toBe(1);
    } finally {
      await t.close();
    }
  });
});

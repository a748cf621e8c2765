import { createTestApp, FixedClock, testQueuePrefix, testRedisUrl } from '@inps/shared';
import { DataSource } from 'typeorm';
import { HousekeepingScheduler } from '../src/modules/housekeeping/housekeeping.scheduler';
import { questionnaireConfig } from '../src/questionnaire.config';
import { WorkerModule } from '../src/worker.module';

describe('questionnaire worker', () => {
  it('registers the idle-closing schedule once however often it starts', async () => {
    const prefix = testQueuePrefix('qw');
    const clock = new FixedClock(new Date('2026-03-10T10:00:00Z'));
    const t = await createTestApp((config) => WorkerModule.forRoot(config, { clock }), {
      config: questionnaireConfig,
      env: { REDIS_URL: testRedisUrl(), QUEUE_PREFIX: prefix },
    });
    try {
      const scheduler = t.app.get(HousekeepingScheduler);
      expect(await scheduler.schedulers()).toBe(1);
      await scheduler.register();
      await scheduler.register();
      expect(await scheduler.schedulers()).toBe(1);
      // The schema is migrated by the worker too, so either process may start first.
      expect((await t.app.get(DataSource).query(`SELECT count(*)::int AS n FROM screening`))[0].n).toBe(0);
    } finally {
      await t.close();
    }
  });
});

import { createTestApp, eventually, FixedClock, JobWorkers, QueueRegistry, testQueuePrefix, testRedisUrl, type Principal, type TestApp } from '@inps/shared';
import { DataSource } from 'typeorm';
import { agreementsConfig } from '../src/agreements.config';
import { AGREEMENTS_DATABASE } from '../src/migrations';
import { AgreementsService } from '../src/modules/agreements/agreements.service';
import { AgreementScheduler, DAILY_JOB_SCHEDULER_ID } from '../src/modules/scheduler/agreement-scheduler.service';
import { WorkerModule } from '../src/worker.module';
import { programmeInProcess } from './helpers';

const central: Principal = { subject: 'central-1', roles: ['central'], territories: ['IT'], clientType: 'user' };

describe('agreement scheduler (worker)', () => {
  let t: TestApp<typeof agreementsConfig.fields>;
  const clock = new FixedClock('2026-01-05T10:00:00Z');
  let service: AgreementsService;
  let scheduler: AgreementScheduler;

  beforeAll(async () => {
    t = await createTestApp((config) => WorkerModule.forRoot(config, { clock, processJobs: false }), {
      config: agreementsConfig,
      database: AGREEMENTS_DATABASE,
      env: { REDIS_URL: testRedisUrl(), QUEUE_PREFIX: testQueuePrefix() },
    });
    service = t.app.get(AgreementsService);
    scheduler = t.app.get(AgreementScheduler);
  });
  afterAll(() => t.close());

  const signed = (code: string, signedOn: string, effectiveFrom?: string) =>
    programmeInProcess(service, { central }).signedFramework({ code, signedOn, body: { effectiveFrom, term: { months: 2 } } });

  const events = (id: string): Promise<{ type: string; payload: Record<string, unknown> }[]> =>
    t.app.get(DataSource).query(`SELECT type, payload FROM outbox_event WHERE aggregate_id = $1 ORDER BY seq`, [id]);

  it('registering the scheduler twice leaves one schedule, in Europe/Rome', async () => {
    await t.app.get(JobWorkers).restore();
    await t.app.get(JobWorkers).restore();
    const schedulers = await t.app.get(QueueRegistry).get(t.config.SCHEDULER_QUEUE).getJobSchedulers();
    expect(schedulers).toHaveLength(1);
    expect(schedulers[0]).toMatchObject({ key: DAILY_JOB_SCHEDULER_ID, pattern: '5 0 * * *', tz: 'Europe/Rome' });
  });

  it('activates on the first day, warns near the end, expires after it, with one event each', async () => {
    const future = await signed('FW-SCHED-01', '2026-01-02', '2026-01-10');
    const started = await signed('FW-SCHED-02', '2026-01-03');

    let run = await scheduler.runDaily();
    expect(run).toMatchObject({ today: '2026-01-05', activated: [started.id], expired: [], failed: [] });
    // A second run the same day changes nothing and writes no second event.
    run = await scheduler.runDaily();
    expect(run.activated).toEqual([]);
    expect((await events(started.id)).map((e) => e.type)).toEqual(['agreement.activated']);
    expect((await events(started.id))[0].payload).toEqual({
      agreementId: started.id,
      code: 'FW-SCHED-02',
      kind: 'FRAMEWORK',
      organisations: ['caritas-italiana'],
      territories: ['IT'],
      validFrom: '2026-01-03',
      validTo: '2026-03-02', // two months from the 3rd of January, that day included
      day: '2026-01-05',
    });
    expect(await events(future.id)).toEqual([]);

    clock.set('2026-01-09T23:30:00Z'); // 00:30 on the 10th in Rome
    run = await scheduler.runDaily();
    expect(run.activated).toEqual([future.id]);
    expect(run.warned).toEqual([]);

    clock.set('2026-02-10T10:00:00Z');
    run = await scheduler.runDaily();
    // both end within EXPIRY_WARNING_DAYS (30)
    expect([...run.warned].sort()).toEqual([started.id, future.id].sort());
    expect((await scheduler.runDaily()).warned).toEqual([]);

    clock.set('2026-03-04T10:00:00Z');
    run = await scheduler.runDaily();
    expect(run.expired).toEqual([started.id]);
    expect((await events(started.id)).map((e) => e.type)).toEqual(['agreement.activated', 'agreement.expired']);
    const history = await service.history(started.id, central);
    expect(history.items.map((h) => [h.action, h.by])).toEqual([
      ['sign', 'central-1'],
      ['activate', 'system'],
      ['expiry_warning', 'system'],
      ['expire', 'system'],
    ]);
  });

  it('the relay publishes the events to the events queue', async () => {
    clock.set('2026-03-05T10:00:00Z');
    const a = await signed('FW-SCHED-03', '2026-03-01');
    await scheduler.runDaily();
    const queue = t.app.get(QueueRegistry).get(t.config.EVENTS_QUEUE);
    const jobs = await eventually(
      'the agreement.activated job',
      async () => {
        const all = (await queue.getJobs(['waiting', 'active', 'completed', 'delayed', 'prioritized'])) as { name: string; data: { aggregateId?: string } }[];
        return all.some((j) => j.data.aggregateId === a.id) ? all : undefined;
      },
      { timeoutMs: 5000, everyMs: 100 },
    );
    expect(jobs.filter((j) => j.data.aggregateId === a.id).map((j) => j.name)).toEqual(['agreement.activated']);
  });
});

describe('worker start', () => {
  it('registers the daily schedule when the worker starts, and stops cleanly', async () => {
    const prefix = testQueuePrefix();
    const w = await createTestApp((config) => WorkerModule.forRoot(config), {
      config: agreementsConfig,
      database: AGREEMENTS_DATABASE,
      env: { REDIS_URL: testRedisUrl(), QUEUE_PREFIX: prefix },
    });
    try {
      const schedulers = await w.app.get(QueueRegistry).get(w.config.SCHEDULER_QUEUE).getJobSchedulers();
      expect(schedulers.map((s) => s.key)).toEqual([DAILY_JOB_SCHEDULER_ID]);
    } finally {
      await w.close();
    }
  });
});

describe('early activation runs', () => {
  const clock = new FixedClock('2026-01-05T10:00:00Z');
  let t: TestApp<typeof agreementsConfig.fields>;
  beforeAll(async () => {
    t = await createTestApp((config) => WorkerModule.forRoot(config, { clock, processJobs: false }), {
      config: agreementsConfig,
      database: AGREEMENTS_DATABASE,
      env: { REDIS_URL: testRedisUrl(), QUEUE_PREFIX: testQueuePrefix() },
    });
    await t.app.get(JobWorkers).restore();
  });
  afterAll(() => t.close());

  const signed = (code: string, signedOn: string, effectiveFrom?: string) =>
    programmeInProcess(t.app.get(AgreementsService), { central }).signedFramework({ code, signedOn, body: { effectiveFrom, term: { months: 2 } } });

  it('asks for a run at once when an agreement is signed with its validity begun, and once a day at start', async () => {
    const queue = t.app.get(QueueRegistry).get(t.config.SCHEDULER_QUEUE);
    const begun = await signed('FW-SOON-01', '2026-01-04');
    const later = await signed('FW-SOON-02', '2026-01-04', '2026-02-01');
    expect(await queue.getJob(`signed-${begun.id}-${begun.version}`)).toBeDefined();
    expect(await queue.getJob(`signed-${later.id}-${later.version}`)).toBeUndefined();
    expect(await queue.getJob('catch-up-2026-01-05')).toBeDefined();
  });
});

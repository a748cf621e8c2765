import { romeDate } from '@inps/kernel';
import { Injectable, Logger, Module, type DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { INestApplicationContext } from '@nestjs/common';
import type IORedis from 'ioredis';
import type { EntityManager } from 'typeorm';
import {
  CoreModule,
  createQueueBackendFrom,
  createTestDatabase,
  eventually,
  defaultJobOptions,
  defineJob,
  defineQueue,
  dispatchEvent,
  EventHandler,
  JobHandler,
  JobRecovery,
  Jobs,
  JobsModule,
  JobWorkers,
  OutboxService,
  QueueModule,
  QueueStoreWatch,
  SCREENING_COMPLETED,
  OUTREACH_EVENT_HELD,
  testQueuePrefix,
  testRedisUrl,
  type DeliveredEvent,
  type HandledJob,
  type OutreachEventHeldPayload,
  type QueueBackend,
  type TestDatabase,
} from '../src';

jest.setTimeout(30_000);

/** A service's configuration: the declarations below read their queue and interval from it. */
interface TestConfig {
  readonly TEST_EVENTS_QUEUE: string;
  readonly TICK_MS: number;
}

const WORK = defineQueue({ name: 'jobs-work', concurrency: 2 });
const DOUBLE = defineJob<{ n: number }, number>({ queue: WORK, name: 'double' });
const NIGHTLY = defineJob({ queue: WORK, name: 'nightly', schedule: { id: 'nightly-test', pattern: '0 30 3 * * *' } });
const TICK = defineJob<Record<string, never>, number>({
  queue: 'jobs-ticks',
  name: 'tick',
  options: { attempts: 1, removeOnComplete: { count: 10 } },
  schedule: { id: 'tick-test', every: (c: TestConfig) => c.TICK_MS },
});
const EVENTS = defineQueue({ name: (c: TestConfig) => c.TEST_EVENTS_QUEUE });

function parseHeld(payload: unknown): OutreachEventHeldPayload {
  const p = payload as OutreachEventHeldPayload;
  if (typeof p?.peopleContacted !== 'number') throw new Error('Malformed outreach-event.held event: peopleContacted is missing');
  return p;
}

@Injectable()
class Handlers {
  readonly doubled: number[] = [];
  readonly ticks: number[] = [];
  readonly held: DeliveredEvent<typeof OUTREACH_EVENT_HELD>[] = [];
  recoveries = 0;

  @JobHandler(DOUBLE)
  async double(job: HandledJob<{ n: number }>): Promise<number> {
    if (job.data.n < 0) throw new Error('negative numbers are not doubled');
    this.doubled.push(job.data.n);
    return job.data.n * 2;
  }

  @JobHandler(NIGHTLY)
  async nightly(): Promise<void> {}

  @JobHandler(TICK)
  async tick(): Promise<number> {
    this.ticks.push(Date.now());
    return this.ticks.length;
  }

  @JobRecovery(DOUBLE)
  async putBack(): Promise<void> {
    this.recoveries += 1;
  }

  @EventHandler(EVENTS, OUTREACH_EVENT_HELD, parseHeld)
  async onHeld(event: DeliveredEvent<typeof OUTREACH_EVENT_HELD>): Promise<boolean> {
    this.held.push(event);
    return true;
  }
}

const heldEvent = (payload: Record<string, unknown>) => ({
  id: '3b0a2d8e-6a0e-4d7b-9d5e-2f8f0f0c0a01',
  type: OUTREACH_EVENT_HELD,
  occurredOn: romeDate(new Date()),
  payload: { eventId: 'e-1', agreementId: null, organisationId: null, territory: '058091', day: '2026-03-02', communicatedInTime: true, ...payload },
});

describe.each(['redis', 'postgres'] as const)('declared jobs and handlers on %s', (kind) => {
  let database: TestDatabase | undefined;
  let backend: QueueBackend;
  let app: INestApplicationContext;
  const prefix = testQueuePrefix(`jobs-${kind}`);
  const config: TestConfig = { TEST_EVENTS_QUEUE: 'jobs-events', TICK_MS: 60_000 };

  function workerModule(options: { workers?: boolean } = {}): DynamicModule {
    @Module({
      imports: [CoreModule.forRoot(config), QueueModule.forRoot({ backend }), JobsModule.forWorker(options)],
      providers: [Handlers],
    })
    class WorkerModule {}
    return { module: WorkerModule };
  }

  beforeAll(async () => {
    if (kind === 'postgres') database = await createTestDatabase('jobs');
    backend = createQueueBackendFrom({ redisUrl: kind === 'redis' ? testRedisUrl() : undefined, databaseUrl: database?.url, prefix });
    app = await NestFactory.createApplicationContext(workerModule(), { logger: false, abortOnError: false });
    await app.init();
  });

  afterAll(async () => {
    await app?.close();
    await backend.close();
    await database?.drop();
  });

  it('adds a job with its declared options and runs it through its handler', async () => {
    const jobs = app.get(Jobs);
    const job = await jobs.add(DOUBLE, { n: 21 }, { jobId: 'double-21' });
    expect(job.opts).toMatchObject({ attempts: defaultJobOptions.attempts, removeOnComplete: defaultJobOptions.removeOnComplete, jobId: 'double-21' });
    await eventually('double-21 to complete', async () => (await jobs.queue(DOUBLE).getJobState('double-21')) === 'completed', {
      timeoutMs: 15_000,
      everyMs: 50,
    });
    expect((await jobs.queue(DOUBLE).getJob('double-21'))?.returnvalue).toBe(42);
    // The same id again is the same job.
    await jobs.add(DOUBLE, { n: 21 }, { jobId: 'double-21' });
    await new Promise((r) => setTimeout(r, 300));
    expect(app.get(Handlers).doubled).toEqual([21]);
  });

  it('registers each schedule once however often it is restored, in Europe/Rome, and runs the recovery hooks', async () => {
    const jobs = app.get(Jobs);
    const workers = app.get(JobWorkers);
    const before = app.get(Handlers).recoveries;
    await workers.restore();
    await workers.restore();
    expect(app.get(Handlers).recoveries).toBe(before + 2);
    const schedulers = await jobs.queue(NIGHTLY).getJobSchedulers();
    expect(schedulers).toEqual([expect.objectContaining({ key: 'nightly-test', pattern: '0 30 3 * * *', tz: 'Europe/Rome', name: 'nightly' })]);
    const [ticking] = await jobs.queue(TICK).getJobSchedulers();
    expect(ticking).toMatchObject({ key: 'tick-test', every: 60_000, name: 'tick' });
    // An interval's first run comes at once.
    await eventually('a first tick', () => app.get(Handlers).ticks.length >= 1, { timeoutMs: 15_000, everyMs: 50 });
  });

  it('hands each event its parsed payload, ignores the types it has no handler for, and fails a malformed one', async () => {
    const queue = backend.createQueue('jobs-events');
    try {
      await queue.add(OUTREACH_EVENT_HELD, heldEvent({ peopleContacted: 12 }), { jobId: 'held-1' });
      await queue.add(SCREENING_COMPLETED, { id: 'x', type: SCREENING_COMPLETED, occurredOn: '2026-03-02', payload: {} }, { jobId: 'other-1' });
      await queue.add(OUTREACH_EVENT_HELD, heldEvent({ peopleContacted: 'many' }), { jobId: 'held-bad', attempts: 1 });
      await eventually(
        'two jobs completed and one failed',
        async () => {
          const counts = await queue.getJobCounts('completed', 'failed');
          return counts.completed === 2 && counts.failed === 1;
        },
        { timeoutMs: 15_000, everyMs: 50 },
      );
      expect(app.get(Handlers).held.map((e) => e.payload.peopleContacted)).toEqual([12]);
      expect((await queue.getJob('held-bad'))?.failedReason).toMatch(/peopleContacted/);
    } finally {
      await queue.obliterate({ force: true });
      await queue.close();
    }
  });

  it('fails a job no handler knows, and logs a failure without the job data', async () => {
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    const queue = backend.createQueue('jobs-work');
    try {
      await queue.add('unknown', { secret: 'Mario Rossi' }, { jobId: 'unknown-1', attempts: 1 });
      await app.get(Jobs).add(DOUBLE, { n: -1 }, { jobId: 'double-negative', attempts: 1 });
      await eventually('two failed jobs', async () => (await queue.getJobCounts('failed')).failed === 2, { timeoutMs: 15_000, everyMs: 50 });
      expect((await queue.getJob('unknown-1'))?.failedReason).toMatch(/No handler for job unknown/);
      await eventually('two warnings', () => warn.mock.calls.length >= 2, { timeoutMs: 15_000, everyMs: 50 });
      const logged = warn.mock.calls.map((c) => String(c[0])).join('\n');
      expect(logged).toContain('double-negative');
      expect(logged).toContain('negative numbers are not doubled');
      expect(logged).not.toContain('Mario Rossi');
    } finally {
      warn.mockRestore();
      await queue.close();
    }
  });

  it('dispatches like the worker for tests and benchmarks', async () => {
    const workers = app.get(JobWorkers);
    const job = { name: 'double', data: { n: 4 }, attemptsMade: 0, opts: {}, updateProgress: async () => undefined };
    expect(await workers.dispatch(DOUBLE, job)).toBe(8);
    expect(await dispatchEvent(app.get(Handlers), heldEvent({ peopleContacted: 3 }))).toBe(true);
    expect(await dispatchEvent(app.get(Handlers), { ...heldEvent({}), type: SCREENING_COMPLETED })).toBeUndefined();
    await expect(dispatchEvent(app.get(Handlers), heldEvent({ peopleContacted: null }))).rejects.toThrow(/peopleContacted/);
  });
});

describe('declared schedules after a queue store loss', () => {
  it('puts the schedules back and runs the recovery hooks when Redis comes back empty', async () => {
    const prefix = testQueuePrefix('jobs-reset');
    const backend = createQueueBackendFrom({ redisUrl: testRedisUrl(), prefix });
    const config: TestConfig = { TEST_EVENTS_QUEUE: 'jobs-events', TICK_MS: 60_000 };
    @Module({
      imports: [CoreModule.forRoot(config), QueueModule.forRoot({ backend }), JobsModule.forWorker({ workers: false })],
      providers: [Handlers],
    })
    class WorkerModule {}
    const app = await NestFactory.createApplicationContext(WorkerModule, { logger: false, abortOnError: false });
    try {
      await app.init();
      const watch = app.get(QueueStoreWatch);
      const nightly = app.get(Jobs).queue(NIGHTLY);
      await watch.check();
      expect(await nightly.getJobSchedulersCount()).toBe(1);
      const recoveries = app.get(Handlers).recoveries;
      const redis = backend.connection as IORedis;
      await redis.del(...(await redis.keys(`bull:${prefix}*`)));
      expect(await nightly.getJobSchedulersCount()).toBe(0);
      await watch.check();
      expect(await nightly.getJobSchedulersCount()).toBe(1);
      expect(app.get(Handlers).recoveries).toBe(recoveries + 1);
    } finally {
      await app.close();
      await backend.close();
    }
  });

  it('starts while the store is down, only warning, and registers once it answers', async () => {
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    let up = false;
    const registered: string[] = [];
    const queue = {
      upsertJobScheduler: async (id: string) => void registered.push(id),
      on: () => undefined,
      waitUntilReady: async () => undefined,
      close: async () => undefined,
    };
    const backend = {
      kind: 'redis',
      prefix: 'fake',
      ping: async () => {
        if (!up) throw new Error('Redis did not answer within 2000 ms');
      },
      epoch: async () => {
        if (!up) throw new Error('down');
        return 'epoch-1';
      },
      createQueue: () => queue,
      createWorker: () => ({ on: () => undefined, close: async () => undefined }),
      close: async () => undefined,
    } as unknown as QueueBackend;
    @Module({
      imports: [CoreModule.forRoot({ TEST_EVENTS_QUEUE: 'e', TICK_MS: 1000 }), QueueModule.forRoot({ backend }), JobsModule.forWorker({ workers: false })],
      providers: [Handlers],
    })
    class WorkerModule {}
    const app = await NestFactory.createApplicationContext(WorkerModule, { logger: false, abortOnError: false });
    try {
      await app.init();
      expect(registered).toEqual([]);
      expect(warn).toHaveBeenCalledWith(expect.stringContaining('will retry when the queue store answers'));
      await app.get(QueueStoreWatch).check();
      expect(registered).toEqual([]);
      up = true;
      await app.get(QueueStoreWatch).check();
      expect(registered.sort()).toEqual(['nightly-test', 'tick-test']);
      expect(app.get(Handlers).recoveries).toBe(1);
    } finally {
      warn.mockRestore();
      await app.close();
    }
  });
});

describe('jobs and events are checked by the compiler', () => {
  it('publishes only an event of the map, with its payload', () => {
    const publish = (outbox: OutboxService, m: EntityManager): unknown[] => [
      // @ts-expect-error not an event type of the map
      outbox.enqueue(m, 'screening.started', {}),
      // @ts-expect-error not the payload of outreach-event.held
      outbox.enqueue(m, OUTREACH_EVENT_HELD, { eventId: 'e-1' }),
    ];
    expect(typeof publish).toBe('function');
  });

  it('refuses wrong data, a handler of another shape and an event parser of another type', () => {
    const check = (jobs: Jobs): unknown[] => [
      // @ts-expect-error the data of DOUBLE is { n: number }
      jobs.add(DOUBLE, { n: 'two' }),
      // @ts-expect-error the data of DOUBLE is { n: number }
      jobs.add(DOUBLE, {}),
    ];
    expect(typeof check).toBe('function');

    class Wrong {
      // @ts-expect-error a handler of DOUBLE takes its job, { n: number }, and returns a number
      @JobHandler(DOUBLE)
      async double(job: HandledJob<{ s: string }>): Promise<number> {
        return job.data.s.length;
      }

      // @ts-expect-error the parser of outreach-event.held must return its payload
      @EventHandler(EVENTS, OUTREACH_EVENT_HELD, (p: unknown) => p as { people: number })
      async held(): Promise<void> {}

      // @ts-expect-error not an event type of the map
      @EventHandler(EVENTS, 'outreach-event.cancelled', parseHeld)
      async cancelled(): Promise<void> {}
    }
    expect(Wrong).toBeDefined();
  });
});

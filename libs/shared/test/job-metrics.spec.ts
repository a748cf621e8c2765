import { romeDate } from '@inps/kernel';
import { Injectable, Module, type DynamicModule, type INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import {
  BullMqOutboxPublisher,
  CoreModule,
  createQueueBackendFrom,
  createTestDatabase,
  currentRequestId,
  defineJob,
  defineQueue,
  eventually,
  EventHandler,
  JobHandler,
  Jobs,
  JobsModule,
  Metrics,
  QueueModule,
  QueueRegistry,
  OUTREACH_EVENT_HELD,
  testQueuePrefix,
  testRedisUrl,
  withRequestId,
  type DeliveredEvent,
  type HandledJob,
  type OutreachEventHeldPayload,
  type QueueBackend,
  type TestDatabase,
} from '../src';

jest.setTimeout(60_000);

const WORK = defineQueue({ name: 'metrics-work' });
const ECHO = defineJob<{ n: number }, number>({ queue: WORK, name: 'echo', options: { attempts: 1 } });
const EVENTS = defineQueue({ name: 'metrics-events' });

@Injectable()
class Handlers {
  /** The request id each handler ran under, and what its data carried. */
  readonly seen: { requestId: string | undefined; data: unknown }[] = [];
  readonly events: { requestId: string | undefined; event: DeliveredEvent<typeof OUTREACH_EVENT_HELD> }[] = [];

  @JobHandler(ECHO)
  async echo(job: HandledJob<{ n: number }>): Promise<number> {
    this.seen.push({ requestId: currentRequestId(), data: job.data });
    if (job.data.n < 0) throw new Error('negative');
    return job.data.n;
  }

  @EventHandler(EVENTS, OUTREACH_EVENT_HELD, (p) => {
    if (typeof (p as { peopleContacted?: unknown }).peopleContacted !== 'number') throw new Error('Malformed: peopleContacted');
    return p as OutreachEventHeldPayload;
  })
  async held(event: DeliveredEvent<typeof OUTREACH_EVENT_HELD>): Promise<boolean> {
    this.events.push({ requestId: currentRequestId(), event });
    return true;
  }
}

function sampleOf(text: string, name: string, labels: Record<string, string>): number {
  const line = text.split('\n').find((l) => l.startsWith(`${name}{`) && Object.entries(labels).every(([k, v]) => l.includes(`${k}="${v}"`)));
  return line === undefined ? Number.NaN : Number(line.slice(line.lastIndexOf(' ') + 1));
}

/**
 * The worker's side of correlation and metrics, on both queue backends: a job added while serving a
 * request carries its id and the handler runs under it; events carry the id of the request that
 * wrote them; jobs are counted and timed by queue and name, the queue gauges read from the store,
 * consumer lag and refused events by event type.
 */
describe.each(['redis', 'postgres'] as const)('job metrics and request ids on %s', (kind) => {
  let database: TestDatabase | undefined;
  let backend: QueueBackend;
  let app: INestApplicationContext;
  const prefix = testQueuePrefix(`jobmetrics-${kind}`);

  function workerModule(): DynamicModule {
    @Module({
      imports: [CoreModule.forRoot({ SERVICE_NAME: 'test', METRICS_ENABLED: true }), QueueModule.forRoot({ backend }), JobsModule.forWorker()],
      providers: [Handlers],
    })
    class WorkerModule {}
    return { module: WorkerModule };
  }

  beforeAll(async () => {
    if (kind === 'postgres') database = await createTestDatabase('jobmetrics');
    backend = createQueueBackendFrom({ redisUrl: kind === 'redis' ? testRedisUrl() : undefined, databaseUrl: database?.url, prefix });
    app = await NestFactory.createApplicationContext(workerModule(), { logger: false, abortOnError: false });
    await app.init();
  });

  afterAll(async () => {
    await app?.close();
    await backend.close();
    await database?.drop();
  });

  it('runs a job under the request id that added it, and counts and times it by queue and name', async () => {
    const jobs = app.get(Jobs);
    const handlers = app.get(Handlers);
    const metrics = app.get(Metrics);
    await withRequestId('req-metrics-1', () => jobs.add(ECHO, { n: 1 }, { jobId: 'echo-1' }));
    await jobs.add(ECHO, { n: 2 }, { jobId: 'echo-2' });
    await withRequestId('req-metrics-3', () => jobs.add(ECHO, { n: -1 }, { jobId: 'echo-3' }));
    await eventually('three jobs handled', () => handlers.seen.length === 3, { timeoutMs: 30_000, everyMs: 50 });
    const byN = Object.fromEntries(handlers.seen.map((s) => [(s.data as { n: number }).n, s]));
    expect(byN[1]).toEqual({ requestId: 'req-metrics-1', data: { n: 1, requestId: 'req-metrics-1' } });
    // Added outside any request: no id, and the data is as given.
    expect(byN[2]).toEqual({ requestId: undefined, data: { n: 2 } });
    expect(byN[-1]?.requestId).toBe('req-metrics-3');

    await eventually(
      'the failure counted',
      async () => sampleOf(await metrics.scrape(), 'inps_jobs_total', { queue: 'metrics-work', job: 'echo', outcome: 'failed' }) === 1,
      { timeoutMs: 15_000, everyMs: 50 },
    );
    const text = await metrics.scrape();
    expect(sampleOf(text, 'inps_jobs_total', { queue: 'metrics-work', job: 'echo', outcome: 'completed' })).toBe(2);
    expect(sampleOf(text, 'inps_job_duration_seconds_count', { queue: 'metrics-work', job: 'echo', outcome: 'completed' })).toBe(2);
    expect(text).toContain('service="test"');
    // Read from the store at each scrape: the failed job is kept (attempts: 1, default retention), once
    // the worker has moved it there, just after its handler threw.
    await eventually(
      'the failed job in the queue gauge',
      async () => sampleOf(await metrics.scrape(), 'inps_queue_jobs', { queue: 'metrics-work', state: 'failed' }) === 1,
      { timeoutMs: 15_000, everyMs: 100 },
    );
    expect(sampleOf(await metrics.scrape(), 'inps_queue_jobs', { queue: 'metrics-work', state: 'waiting' })).toBe(0);
  });

  it('hands an event the id of the request that wrote it, measures its lag and counts a refused one', async () => {
    const handlers = app.get(Handlers);
    const metrics = app.get(Metrics);
    const publisher = new BullMqOutboxPublisher(app.get(QueueRegistry), { attempts: 1 });
    const event = (id: string, payload: Record<string, unknown>, requestId?: string) => ({
      id,
      type: OUTREACH_EVENT_HELD,
      occurredOn: romeDate(new Date()),
      payload: { eventId: 'e-1', agreementId: null, organisationId: null, territory: '058091', day: '2026-03-02', communicatedInTime: true, ...payload },
      ...(requestId ? { requestId } : {}),
    });
    await publisher.publish('metrics-events', [
      event('0b0a2d8e-6a0e-4d7b-9d5e-2f8f0f0c0a01', { peopleContacted: 3 }, 'req-event-1'),
      event('0b0a2d8e-6a0e-4d7b-9d5e-2f8f0f0c0a02', { peopleContacted: null }),
    ]);
    await eventually(
      'the refused event counted',
      async () => sampleOf(await metrics.scrape(), 'inps_events_refused_total', { event: OUTREACH_EVENT_HELD }) === 1,
      { timeoutMs: 30_000, everyMs: 50 },
    );
    expect(handlers.events.map((e) => e.requestId)).toEqual(['req-event-1']);
    expect(handlers.events[0]?.event.requestId).toBe('req-event-1');
    const text = await metrics.scrape();
    expect(sampleOf(text, 'inps_consumer_lag_seconds_count', { event: OUTREACH_EVENT_HELD })).toBe(1);
    // Event job ids are event ids: none is a label.
    expect(text).not.toContain('0b0a2d8e');
  });
});

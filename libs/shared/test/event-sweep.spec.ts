import { romeDate } from '@inps/kernel';
import { Injectable, Logger, Module, type DynamicModule, type INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { randomUUID } from 'node:crypto';
import type IORedis from 'ioredis';
import { Client } from 'pg';
import {
  BullMqOutboxPublisher,
  CoreModule,
  createQueueBackendFrom,
  createTestDatabase,
  defineQueue,
  eventually,
  EventHandler,
  JobsModule,
  OUTREACH_EVENT_HELD,
  QueueModule,
  QueueRegistry,
  testQueuePrefix,
  testRedisUrl,
  type DeliveredEvent,
  type OutreachEventHeldPayload,
  type QueueBackend,
  type TestDatabase,
} from '../src';

/**
 * An event's job is deleted once done, and the consuming worker deletes its queue's event stream
 * after it (decision 0014): the event id is kept beside a screening by consumers, and BullMQ dates
 * every job and stream entry to the millisecond. Nothing of it may stay in the store, nor in a log.
 */
jest.setTimeout(30_000);

const QUEUE = 'sweep-events';
const EVENTS = defineQueue({ name: QUEUE });

function parseHeld(payload: unknown): OutreachEventHeldPayload {
  const p = payload as OutreachEventHeldPayload;
  if (typeof p?.peopleContacted !== 'number') throw new Error('Malformed outreach-event.held event: peopleContacted is missing');
  return p;
}

@Injectable()
class Consumer {
  readonly seen: string[] = [];

  @EventHandler(EVENTS, OUTREACH_EVENT_HELD, parseHeld)
  async onHeld(event: DeliveredEvent<typeof OUTREACH_EVENT_HELD>): Promise<boolean> {
    this.seen.push(event.id);
    return true;
  }
}

const held = (peopleContacted: unknown) => ({
  id: randomUUID(),
  type: OUTREACH_EVENT_HELD,
  occurredOn: romeDate(new Date()),
  payload: { eventId: 'e-1', agreementId: null, organisationId: null, territory: '058091', day: '2026-03-02', communicatedInTime: true, peopleContacted },
});

describe.each(['redis', 'postgres'] as const)('event jobs leave no trace on %s', (kind) => {
  let database: TestDatabase | undefined;
  let backend: QueueBackend;
  let registry: QueueRegistry;
  let app: INestApplicationContext;

  async function streamLength(): Promise<number> {
    if (kind === 'redis') return (backend.connection as IORedis).xlen(`bull:${backend.queueName(QUEUE)}:events`);
    const client = new Client({ connectionString: database?.url });
    await client.connect();
    try {
      const { rows } = await client.query<{ n: number }>('SELECT count(*)::int AS n FROM bullmq.event WHERE queue = $1', [backend.queueName(QUEUE)]);
      return rows[0]?.n ?? 0;
    } finally {
      await client.end();
    }
  }

  beforeAll(async () => {
    if (kind === 'postgres') database = await createTestDatabase('sweep');
    backend = createQueueBackendFrom({
      redisUrl: kind === 'redis' ? testRedisUrl() : undefined,
      databaseUrl: database?.url,
      prefix: testQueuePrefix(`sweep-${kind}`),
    });
    registry = new QueueRegistry(backend);
    @Module({ imports: [CoreModule.forRoot({}), QueueModule.forRoot({ backend }), JobsModule.forWorker()], providers: [Consumer] })
    class WorkerModule {}
    app = await NestFactory.createApplicationContext({ module: WorkerModule } as DynamicModule, { logger: false, abortOnError: false });
    await app.init();
  });

  afterAll(async () => {
    await app?.close();
    await registry?.get(QUEUE).obliterate({ force: true });
    await registry?.closeAll();
    await backend?.close();
    await database?.drop();
  });

  it('deletes a delivered event job and the stream entries naming it', async () => {
    const event = held(12);
    await new BullMqOutboxPublisher(registry).publish(QUEUE, [event]);
    await eventually('the event to be handled', () => app.get(Consumer).seen.includes(event.id), { timeoutMs: 15_000, everyMs: 50 });
    await eventually(
      'the job and its event stream to be gone',
      async () => (await registry.get(QUEUE).getJob(event.id)) === undefined && (await streamLength()) === 0,
      { timeoutMs: 15_000, everyMs: 50 },
    );
    expect(await registry.get(QUEUE).getJobCounts('completed', 'failed')).toEqual({ completed: 0, failed: 0 });
  });

  it('deletes an event job given up after its attempts, and logs its failure without its id', async () => {
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    try {
      const event = held('many');
      await new BullMqOutboxPublisher(registry, { attempts: 1 }).publish(QUEUE, [event]);
      await eventually('a warning naming the bad field', () => warn.mock.calls.some((c) => String(c[0]).includes('peopleContacted')), {
        timeoutMs: 15_000,
        everyMs: 50,
      });
      await eventually(
        'the job and its event stream to be gone',
        async () => (await registry.get(QUEUE).getJob(event.id)) === undefined && (await streamLength()) === 0,
        { timeoutMs: 15_000, everyMs: 50 },
      );
      expect(await registry.get(QUEUE).getJobCounts('completed', 'failed')).toEqual({ completed: 0, failed: 0 });
      expect(warn.mock.calls.map((c) => String(c[0])).join('\n')).not.toContain(event.id);
    } finally {
      warn.mockRestore();
    }
  });
});

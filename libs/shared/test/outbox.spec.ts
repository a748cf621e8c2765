import { romeDate } from '@inps/kernel';
import { randomUUID } from 'node:crypto';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { Job, Worker } from 'bullmq';
import { DataSource } from 'typeorm';
import {
  BullMqOutboxPublisher,
  buildDataSourceOptions,
  consumeOnce,
  createOutboxDaysMigration,
  createOutboxTraceContextMigration,
  createOutboxRequestIdMigration,
  createOutboxMigration,
  createProcessedEventDaysMigration,
  createProcessedEventMigration,
  createQueueBackendFrom,
  createTestDatabase,
  eventually,
  DatabaseModule,
  OutboxModule,
  OutboxRelay,
  OutboxService,
  purgeProcessedEvents,
  QueueModule,
  QueueRegistry,
  QueueStoreWatch,
  runMigrations,
  testQueuePrefix,
  testRedisUrl,
  withRequestId,
  type OutboxMessage,
  type OutboxPublisher,
  type QueueBackend,
  type TestDatabase,
} from '../src';

jest.setTimeout(60_000);

const migrations = [
  createOutboxMigration(),
  createProcessedEventMigration(),
  createOutboxDaysMigration(),
  createProcessedEventDaysMigration(),
  createOutboxTraceContextMigration(),
  createOutboxRequestIdMigration(),
];

/** Records every message handed to the real publisher, to count publications per event id. */
class RecordingPublisher implements OutboxPublisher {
  readonly published: OutboxMessage[] = [];
  constructor(private readonly inner: OutboxPublisher) {}
  async publish(queueName: string, messages: readonly OutboxMessage[]): Promise<void> {
    await this.inner.publish(queueName, messages);
    this.published.push(...messages);
  }
  epoch(): Promise<string> {
    return this.inner.epoch();
  }
}

/** The library's own events: the outbox is typed by a payload map, the programme's by default. */
interface TestEvents {
  'thing.happened': { n: number };
  'never.sent': { x: number };
  'no.transaction': Record<string, never>;
  'woken.up': { ok: boolean };
}

describe('transactional outbox', () => {
  let db: TestDatabase;
  let producer: DataSource;
  let consumer: DataSource;
  let backend: QueueBackend;
  let queues: QueueRegistry;
  const outbox = new OutboxService<TestEvents>();

  async function enqueueMany(n: number): Promise<string[]> {
    const ids: string[] = [];
    for (let i = 0; i < n; i += 10) {
      await producer.transaction(async (m) => {
        for (let j = i; j < Math.min(n, i + 10); j++) ids.push(await outbox.enqueue(m, 'thing.happened', { n: j }, `agg-${j}`));
      });
    }
    return ids;
  }

  async function unpublished(): Promise<number> {
    const [{ n }] = (await producer.query('SELECT count(*)::int AS n FROM producer.outbox_event WHERE published_to IS NULL')) as [{ n: number }];
    return n;
  }

  beforeAll(async () => {
    db = await createTestDatabase('outbox');
    producer = new DataSource(buildDataSourceOptions({ url: db.url, schema: 'producer', migrations }));
    consumer = new DataSource(buildDataSourceOptions({ url: db.url, schema: 'consumer', migrations }));
    await Promise.all([producer.initialize(), consumer.initialize()]);
    await runMigrations(producer);
    await runMigrations(consumer);
    await consumer.query('CREATE TABLE consumer.tally (event_id uuid PRIMARY KEY, n int NOT NULL)');
    backend = createQueueBackendFrom({ redisUrl: testRedisUrl(), prefix: testQueuePrefix('outbox') });
    queues = new QueueRegistry(backend);
  });

  afterEach(async () => {
    await producer.query('DELETE FROM producer.outbox_event');
  });

  afterAll(async () => {
    // Leave nothing behind in the shared Redis.
    await Promise.all(['delivered', 'concurrent', 'crash', 'woken', 'lost'].map((name) => queues.get(name).obliterate({ force: true })));
    await queues.closeAll();
    await backend.close();
    await Promise.all([producer.destroy(), consumer.destroy()]);
    await db.drop();
  });

  it('writes the event only if the business transaction commits', async () => {
    await expect(
      producer.transaction(async (m) => {
        await outbox.enqueue(m, 'never.sent', { x: 1 });
        throw new Error('business rule broken');
      }),
    ).rejects.toThrow('business rule broken');
    expect(await unpublished()).toBe(0);
    await expect(outbox.enqueue(producer.manager, 'no.transaction', {})).rejects.toThrow(/open transaction/);
  });

  it('writes the event with a one-row statement, in the same statement, only if the row changed', async () => {
    await producer.query('CREATE TABLE producer.thing (id int PRIMARY KEY, v int NOT NULL CHECK (v < 10))');
    try {
      await producer.query('INSERT INTO producer.thing VALUES (1, 0)');
      const guarded = 'UPDATE producer.thing SET v = $2 WHERE id = $1 AND v = $3';
      await expect(outbox.enqueueWith(producer.manager, guarded, [1, 1, 0], 'thing.happened', { n: 1 }, 'thing-1')).resolves.toBe(true);
      // The guard no longer holds (v is 1): no change, no event.
      await expect(outbox.enqueueWith(producer.manager, guarded, [1, 2, 0], 'thing.happened', { n: 2 }, 'thing-1')).resolves.toBe(false);
      // A statement that fails writes no event either.
      await expect(outbox.enqueueWith(producer.manager, guarded, [1, 99, 1], 'thing.happened', { n: 99 }, 'thing-1')).rejects.toThrow(/check constraint/);
      expect(await producer.query('SELECT v FROM producer.thing')).toEqual([{ v: 1 }]);
      expect(await producer.query('SELECT type, aggregate_id, payload FROM producer.outbox_event')).toEqual([
        { type: 'thing.happened', aggregate_id: 'thing-1', payload: { n: 1 } },
      ]);
    } finally {
      await producer.query('DROP TABLE producer.thing');
    }
  });

  it('relays each event once, as a job named after the type whose id is the event id', async () => {
    const queueName = 'delivered';
    const received: Job<OutboxMessage>[] = [];
    const worker: Worker<OutboxMessage> = backend.createWorker<OutboxMessage>(queueName, async (job) => {
      received.push(job);
    });
    try {
      const ids = await enqueueMany(25);
      const relay = new OutboxRelay(producer, new BullMqOutboxPublisher(queues), { destinations: [queueName], batchSize: 10 });
      expect(await relay.relayOnce()).toBe(25);
      expect(await relay.relayOnce()).toBe(0);
      await eventually('25 messages received', () => received.length >= 25, { timeoutMs: 10_000, everyMs: 50 });
      await new Promise((r) => setTimeout(r, 300));
      expect(received).toHaveLength(25);
      expect(new Set(received.map((j) => j.id))).toEqual(new Set(ids));
      const first = received.find((j) => j.id === ids[0]);
      expect(first?.name).toBe('thing.happened');
      expect(first?.data).toEqual({ id: ids[0], type: 'thing.happened', occurredOn: romeDate(new Date()), aggregateId: 'agg-0', payload: { n: 0 } });
      expect(await unpublished()).toBe(0);
      // Published in the order written.
      expect(received.map((j) => (j.data.payload as { n: number }).n)).toEqual([...Array(25).keys()]);
    } finally {
      await worker.close();
    }
  });

  it('carries the id of the request that wrote an event to its message, and forgets it once published', async () => {
    const recorder = new RecordingPublisher(new BullMqOutboxPublisher(queues));
    const written = await withRequestId('req-outbox-1', () => producer.transaction((m) => outbox.enqueue(m, 'thing.happened', { n: 1 })));
    const outside = await producer.transaction((m) => outbox.enqueue(m, 'thing.happened', { n: 2 }));
    const [pending] = (await producer.query('SELECT request_id FROM producer.outbox_event WHERE id = $1', [written])) as [{ request_id: string | null }];
    expect(pending.request_id).toBe('req-outbox-1');
    expect(await new OutboxRelay(producer, recorder, { destinations: ['delivered'] }).relayOnce()).toBe(2);
    expect(recorder.published.find((m) => m.id === written)?.requestId).toBe('req-outbox-1');
    expect(recorder.published.find((m) => m.id === outside)).not.toHaveProperty('requestId');
    // A row kept for re-publication names no request.
    const kept = (await producer.query('SELECT request_id FROM producer.outbox_event')) as { request_id: string | null }[];
    expect(kept).toEqual([{ request_id: null }, { request_id: null }]);
    await queues.get('delivered').obliterate({ force: true });
  });

  it('never publishes an event twice when two relays run at the same time', async () => {
    const ids = await enqueueMany(300);
    const recorder = new RecordingPublisher(new BullMqOutboxPublisher(queues));
    const options = { destinations: ['concurrent'], batchSize: 20 };
    const relays = [new OutboxRelay(producer, recorder, options), new OutboxRelay(producer, recorder, options), new OutboxRelay(producer, recorder, options)];
    const counts = await Promise.all(relays.map((r) => r.relayOnce()));
    expect(counts.reduce((a, b) => a + b, 0)).toBe(300);
    const publishedIds = recorder.published.map((m) => m.id);
    expect(publishedIds).toHaveLength(300);
    expect(new Set(publishedIds)).toEqual(new Set(ids));
    expect(await unpublished()).toBe(0);
  });

  it('republishes after a crash between publish and commit, and BullMQ keeps one job', async () => {
    const [id] = await enqueueMany(1);
    const real = new BullMqOutboxPublisher(queues);
    const crashing: OutboxPublisher = {
      async publish(queueName, messages) {
        await real.publish(queueName, messages);
        throw new Error('process died before commit');
      },
      epoch: () => real.epoch(),
    };
    await expect(new OutboxRelay(producer, crashing, { destinations: ['crash'] }).relayOnce()).rejects.toThrow('process died');
    const [row] = (await producer.query('SELECT published_to, attempts, last_error FROM producer.outbox_event WHERE id = $1', [id])) as [
      { published_to: string | null; attempts: number; last_error: string },
    ];
    expect(row).toEqual({ published_to: null, attempts: 1, last_error: 'process died before commit' });
    expect(await new OutboxRelay(producer, real, { destinations: ['crash'] }).relayOnce()).toBe(1);
    const queue = queues.get('crash');
    expect(await queue.getJobCounts('waiting')).toEqual({ waiting: 1 });
    expect((await queue.getJob(id as string))?.data).toMatchObject({ id });
  });

  it('publishes again what a queue store that came back empty had lost, and only that', async () => {
    const queue = queues.get('lost');
    const relay = new OutboxRelay(producer, new BullMqOutboxPublisher(queues), { destinations: ['lost'] });
    const first = await enqueueMany(3);
    expect(await relay.relayOnce()).toBe(3);
    const [{ epoch }] = (await producer.query('SELECT DISTINCT published_to AS epoch FROM producer.outbox_event')) as [{ epoch: string }];
    expect(epoch).toBe(await backend.epoch());
    // Nothing lost: a second relay (a replica, or a restart) publishes nothing again.
    expect(await new OutboxRelay(producer, new BullMqOutboxPublisher(queues), { destinations: ['lost'] }).relayOnce()).toBe(0);

    // The store loses everything under our prefix, as a Redis without persistence that restarts.
    const redis = backend.connection as import('ioredis').default;
    const keys = await redis.keys(`bull:${backend.prefix}*`);
    await redis.del(...keys);
    expect(await queue.getJobCounts('waiting')).toEqual({ waiting: 0 });
    const later = await enqueueMany(2);
    expect(await relay.relayOnce()).toBe(5);
    expect(await backend.epoch()).not.toBe(epoch);
    expect(new Set((await queue.getJobs(['waiting'])).map((j) => j.id))).toEqual(new Set([...first, ...later]));
    expect(await unpublished()).toBe(0);
    expect(await relay.relayOnce()).toBe(0);
  });

  it('keeps published rows for the retention days, pending ones for ever', async () => {
    const relay = new OutboxRelay(producer, new BullMqOutboxPublisher(queues), { destinations: ['lost'], retentionDays: 7 });
    const [old, recent] = await enqueueMany(2);
    const [pendingOld] = await enqueueMany(1);
    await producer.query(`UPDATE producer.outbox_event SET occurred_on = occurred_on - 8 WHERE id = ANY($1::uuid[])`, [[old, pendingOld]]);
    await producer.query(`UPDATE producer.outbox_event SET occurred_on = occurred_on - 6 WHERE id = $1`, [recent]);
    // Rows of a lost epoch become pending before the purge runs, so the first run keeps them all.
    await producer.query(`UPDATE producer.outbox_event SET published_to = 'x' WHERE id = ANY($1::uuid[])`, [[old, recent]]);
    expect(await relay.relayOnce()).toBe(3); // the two 'x' rows belong to a lost epoch
    const left = (await producer.query('SELECT id FROM producer.outbox_event')) as { id: string }[];
    expect(new Set(left.map((r) => r.id))).toEqual(new Set([old, recent, pendingOld]));
    const purging = new OutboxRelay(producer, new BullMqOutboxPublisher(queues), { destinations: ['lost'], retentionDays: 7 });
    expect(await purging.relayOnce()).toBe(0);
    const kept = (await producer.query('SELECT id FROM producer.outbox_event')) as { id: string }[];
    expect(new Set(kept.map((r) => r.id))).toEqual(new Set([recent]));
  });

  it('tells listeners when the queue store came back empty, and retries a listener that failed', async () => {
    const watch = new QueueStoreWatch(backend);
    const calls: string[] = [];
    let fail = true;
    watch.onReset(
      'test listener',
      async () => {
        calls.push('called');
        if (fail) throw new Error('store flapping');
      },
      60_000,
    );
    try {
      await watch.check();
      await watch.check();
      expect(calls).toEqual([]); // the first reading is not a change
      const redis = backend.connection as import('ioredis').default;
      await redis.del(`bull:${backend.prefix}:epoch`);
      await watch.check();
      expect(calls).toEqual(['called']);
      fail = false;
      await watch.check(); // owed after the failure
      await watch.check();
      expect(calls).toEqual(['called', 'called']);
    } finally {
      watch.onApplicationShutdown();
    }
  });

  describe('consumeOnce', () => {
    const event = (id: string): OutboxMessage => ({ id, type: 'thing.happened', occurredOn: romeDate(new Date()), payload: {} });
    const bump = (id: string) => async (m: import('typeorm').EntityManager) => {
      await m.query('INSERT INTO consumer.tally (event_id, n) VALUES ($1, 1) ON CONFLICT (event_id) DO UPDATE SET n = tally.n + 1', [id]);
    };
    const tally = async (id: string): Promise<number | undefined> =>
      ((await consumer.query('SELECT n FROM consumer.tally WHERE event_id = $1', [id])) as { n: number }[])[0]?.n;

    it('applies the same event once when delivered twice', async () => {
      const id = '0b6f1f5e-0b7a-4a57-9a39-5f1b2b7d9d01';
      expect(await consumeOnce(consumer, 'reports', event(id), bump(id))).toBe(true);
      expect(await consumeOnce(consumer, 'reports', event(id), bump(id))).toBe(false);
      expect(await tally(id)).toBe(1);
      // Another consumer keeps its own memory.
      expect(await consumeOnce(consumer, 'indicators', event(id), bump(id))).toBe(true);
      expect(await tally(id)).toBe(2);
    });

    it('applies it once when two deliveries race', async () => {
      const id = '0b6f1f5e-0b7a-4a57-9a39-5f1b2b7d9d02';
      const slowBump = async (m: import('typeorm').EntityManager) => {
        await m.query('SELECT pg_sleep(0.2)');
        await bump(id)(m);
      };
      const results = await Promise.all([consumeOnce(consumer, 'reports', event(id), slowBump), consumeOnce(consumer, 'reports', event(id), slowBump)]);
      expect(results.sort()).toEqual([false, true]);
      expect(await tally(id)).toBe(1);
    });

    it('forgets applied events only after the days it keeps them', async () => {
      const [old, recent] = [randomUUID(), randomUUID()];
      await consumeOnce(consumer, 'purge-test', event(old), async () => undefined);
      await consumeOnce(consumer, 'purge-test', event(recent), async () => undefined);
      await consumer.query(`UPDATE consumer.processed_event SET processed_on = processed_on - 31 WHERE event_id = $1`, [old]);
      await consumer.query(`UPDATE consumer.processed_event SET processed_on = processed_on - 30 WHERE event_id = $1`, [recent]);
      expect(await purgeProcessedEvents(consumer, 30)).toBe(1);
      const left = (await consumer.query(`SELECT event_id FROM consumer.processed_event WHERE consumer = 'purge-test'`)) as { event_id: string }[];
      expect(left.map((r) => r.event_id)).toEqual([recent]);
    });

    it('forgets a delivery whose effect failed, so the retry applies it', async () => {
      const id = '0b6f1f5e-0b7a-4a57-9a39-5f1b2b7d9d03';
      await expect(
        consumeOnce(consumer, 'reports', event(id), async (m) => {
          await bump(id)(m);
          throw new Error('effect failed');
        }),
      ).rejects.toThrow('effect failed');
      expect(await tally(id)).toBeUndefined();
      expect(await consumeOnce(consumer, 'reports', event(id), bump(id))).toBe(true);
      expect(await tally(id)).toBe(1);
    });
  });

  it('wakes the relay right after a commit in a Nest app (no need to wait for the poll)', async () => {
    @Module({
      imports: [
        DatabaseModule.forRoot({ url: db.url, schema: 'producer', migrations, migrate: true }),
        QueueModule.forRoot({ backend }),
        OutboxModule.forRoot({ destinations: ['woken'], pollIntervalMs: 60_000 }),
      ],
    })
    class ProducerModule {}

    const received: string[] = [];
    const worker = backend.createWorker<OutboxMessage>('woken', async (job) => {
      received.push(job.data.id);
    });
    const app = await NestFactory.createApplicationContext(ProducerModule, { logger: false, abortOnError: false });
    try {
      await app.init();
      await new Promise((r) => setTimeout(r, 300)); // the relay's first run at start finds nothing
      const ds = app.get(DataSource);
      const id = await ds.transaction((m) => (app.get(OutboxService) as OutboxService<TestEvents>).enqueue(m, 'woken.up', { ok: true }));
      await eventually('the message to be received', () => received.includes(id), { timeoutMs: 5000, everyMs: 50 });
    } finally {
      await app.close();
      await worker.close();
    }
  });

  it('wakes the relay right after an event written with its statement, outside a transaction', async () => {
    @Module({
      imports: [
        DatabaseModule.forRoot({ url: db.url, schema: 'producer', migrations, migrate: true }),
        QueueModule.forRoot({ backend }),
        OutboxModule.forRoot({ destinations: ['woken'], pollIntervalMs: 60_000 }),
      ],
    })
    class ProducerModule {}

    const received: string[] = [];
    const worker = backend.createWorker<OutboxMessage>('woken', async (job) => {
      received.push(job.data.id);
    });
    const app = await NestFactory.createApplicationContext(ProducerModule, { logger: false, abortOnError: false });
    try {
      await app.init();
      await new Promise((r) => setTimeout(r, 300)); // the relay's first run at start finds nothing
      const ds = app.get(DataSource);
      await ds.query('CREATE TABLE producer.woken_thing (id int PRIMARY KEY)');
      const written = await (app.get(OutboxService) as OutboxService<TestEvents>).enqueueWith(
        ds.manager,
        'INSERT INTO producer.woken_thing VALUES ($1)',
        [1],
        'woken.up',
        { ok: true },
      );
      expect(written).toBe(true);
      const [{ id }] = (await ds.query(`SELECT id FROM producer.outbox_event WHERE type = 'woken.up'`)) as [{ id: string }];
      await eventually('the message to be received', () => received.includes(id), { timeoutMs: 5000, everyMs: 50 });
      await ds.query('DROP TABLE producer.woken_thing');
    } finally {
      await app.close();
      await worker.close();
    }
  });
});

import { spawn } from 'node:child_process';
import net from 'node:net';
import { randomUUID } from 'node:crypto';
import type { Job } from 'bullmq';
import type IORedis from 'ioredis';
import { Client } from 'pg';
import {
  BullMqOutboxPublisher,
  createQueueBackendFrom,
  createTestDatabase,
  defaultJobOptions,
  eventually,
  QueueRegistry,
  testQueuePrefix,
  testRedisUrl,
  type QueueBackend,
  type TestDatabase,
} from '../src';

jest.setTimeout(30_000);

const prefix = testQueuePrefix('queue');

function waitFor<T>(register: (resolve: (value: T) => void) => void, ms = 15_000): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`nothing happened within ${ms} ms`)), ms);
    register((value) => {
      clearTimeout(timer);
      resolve(value);
    });
  });
}

describe.each(['redis', 'postgres'] as const)('BullMQ on %s', (kind) => {
  let database: TestDatabase | undefined;
  let backend: QueueBackend;

  beforeAll(async () => {
    if (kind === 'postgres') database = await createTestDatabase('queue');
    backend = createQueueBackendFrom({ redisUrl: kind === 'redis' ? testRedisUrl() : undefined, databaseUrl: database?.url, prefix });
  });

  afterAll(async () => {
    await backend.close();
    await database?.drop();
  });

  it('is the backend asked for and answers a ping', async () => {
    expect(backend.kind).toBe(kind);
    await expect(backend.ping()).resolves.toBeUndefined();
  });

  it('prefixes queue names with QUEUE_PREFIX', () => {
    expect(backend.queueName('reports')).toBe(`${prefix}.reports`);
    expect(() => backend.queueName('a:b')).toThrow(/Invalid queue name/);
  });

  it('processes an added job exactly once', async () => {
    const queue = backend.createQueue<{ n: number }, number>('once');
    const seen: string[] = [];
    const worker = backend.createWorker<{ n: number }, number>('once', async (job) => {
      seen.push(job.id as string);
      return job.data.n * 2;
    });
    try {
      const completed = waitFor<{ id: string; result: number }>((done) =>
        worker.on('completed', (job: Job<{ n: number }, number>, result: number) => done({ id: job.id as string, result })),
      );
      const job = await queue.add('double', { n: 21 });
      const outcome = await completed;
      expect(outcome).toEqual({ id: job.id, result: 42 });
      // Give a wrongly re-delivered job the time to show up.
      await new Promise((r) => setTimeout(r, 500));
      expect(seen).toEqual([job.id]);
      expect(await queue.getJobState(job.id as string)).toBe('completed');
      // The standard retention and retry options are applied to every job.
      const stored = await queue.getJob(job.id as string);
      expect(stored?.opts.attempts).toBe(defaultJobOptions.attempts);
      expect(stored?.opts.removeOnComplete).toEqual(defaultJobOptions.removeOnComplete);
    } finally {
      await worker.close();
      await queue.obliterate({ force: true });
      await queue.close();
    }
  });

  it('retries with backoff and ends failed with the reason', async () => {
    const queue = backend.createQueue<{ n: number }>('failing');
    const attemptsAt: number[] = [];
    const worker = backend.createWorker<{ n: number }>('failing', async () => {
      attemptsAt.push(Date.now());
      throw new Error('the printer is on fire');
    });
    try {
      const failedForGood = waitFor<Job>((done) =>
        worker.on('failed', (job?: Job) => {
          if (job && job.attemptsMade >= 3) done(job);
        }),
      );
      const job = await queue.add('print', { n: 1 }, { attempts: 3, backoff: { type: 'exponential', delay: 200 } });
      const failed = await failedForGood;
      expect(failed.id).toBe(job.id);
      expect(attemptsAt).toHaveLength(3);
      // Exponential: about 200 ms, then about 400 ms between attempts.
      expect(attemptsAt[1]! - attemptsAt[0]!).toBeGreaterThanOrEqual(180);
      expect(attemptsAt[2]! - attemptsAt[1]!).toBeGreaterThanOrEqual(380);
      expect(await queue.getJobState(job.id as string)).toBe('failed');
      const stored = await queue.getJob(job.id as string);
      expect(stored?.failedReason).toBe('the printer is on fire');
      expect(stored?.attemptsMade).toBe(3);
    } finally {
      await worker.close();
      await queue.obliterate({ force: true });
      await queue.close();
    }
  });

  it('deduplicates a job added twice with the same id while it is retained', async () => {
    const queue = backend.createQueue<{ n: number }>('dedupe');
    try {
      const id = '6f1c1f5e-0b7a-4a57-9a39-5f1b2b7d9d11';
      await queue.add('e', { n: 1 }, { jobId: id });
      await queue.add('e', { n: 2 }, { jobId: id });
      expect(await queue.getJobCounts('waiting')).toEqual({ waiting: 1 });
      expect((await queue.getJob(id))?.data).toEqual({ n: 1 });
    } finally {
      await queue.obliterate({ force: true });
      await queue.close();
    }
  });

  /** Entries of the queue's event stream (Redis stream, or BullMQ's `event` table on PostgreSQL). */
  async function eventStreamLength(name: string): Promise<number> {
    if (kind === 'redis') return (backend.connection as IORedis).xlen(`bull:${backend.queueName(name)}:events`);
    const client = new Client({ connectionString: database?.url });
    await client.connect();
    try {
      const { rows } = await client.query<{ n: number }>('SELECT count(*)::int AS n FROM bullmq.event WHERE queue = $1', [backend.queueName(name)]);
      return rows[0]?.n ?? 0;
    } finally {
      await client.end();
    }
  }

  it('keeps no trace of an event once its job is done: the job is deleted, and its event stream can be', async () => {
    // An event's job id is its outbox event id, which consumers keep beside a screening: the job's
    // times, or the stream entries naming it, would date that screening to the millisecond.
    const registry = new QueueRegistry(backend);
    const worker = backend.createWorker('trace', async () => true);
    try {
      const id = randomUUID();
      const done = waitFor<string>((resolve) => worker.on('completed', (job: Job) => resolve(job.id as string)));
      await new BullMqOutboxPublisher(registry).publish('trace', [{ id, type: 'screening.completed', occurredOn: '2026-03-02', payload: {} }]);
      expect(await done).toBe(id);
      expect(await registry.get('trace').getJob(id)).toBeUndefined();
      // BullMQ itself wrote entries naming the job (added, active, completed)...
      expect(await eventStreamLength('trace')).toBeGreaterThan(0);
      // ...which the worker side deletes (JobWorkers does so after each event job).
      await backend.forgetEvents('trace');
      expect(await eventStreamLength('trace')).toBe(0);
    } finally {
      await worker.close();
      await registry.get('trace').obliterate({ force: true });
      await registry.closeAll();
    }
  });
});

describe('BullMQ on PostgreSQL: connections', () => {
  it("keeps each queue's pool to QUEUE_DATABASE_POOL_SIZE and names it after the service", async () => {
    const database = await createTestDatabase('queuepool');
    const backend = createQueueBackendFrom({ databaseUrl: database.url, prefix, postgresPoolSize: 1, applicationName: 'pooltest-queue' });
    const queue = backend.createQueue<{ n: number }>('pooled');
    const admin = new Client({ connectionString: database.url });
    await admin.connect();
    try {
      // Many adds at once: with a pool of one they queue for the connection instead of opening more.
      await Promise.all(Array.from({ length: 20 }, (_, n) => queue.add('n', { n })));
      expect(await queue.count()).toBe(20);
      const { rows } = await admin.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'pooltest-queue'`,
      );
      expect(rows[0]?.n).toBe(1);
    } finally {
      await admin.end();
      await queue.obliterate({ force: true });
      await queue.close();
      await backend.close();
      await database.drop();
    }
  });
});

describe('queue ping on a closed port', () => {
  it.each(['redis', 'postgres'] as const)('fails for %s', async (kind) => {
    const backend = createQueueBackendFrom({
      redisUrl: kind === 'redis' ? 'redis://127.0.0.1:1' : undefined,
      databaseUrl: 'postgres://postgres@127.0.0.1:1/postgres',
      prefix,
    });
    try {
      await expect(backend.ping(1000)).rejects.toThrow();
    } finally {
      await backend.close();
    }
  });
});

describe('a process started while Redis was down', () => {
  const sparePort = (): Promise<number> =>
    new Promise((resolve, reject) => {
      const server = net.createServer();
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => {
        const { port } = server.address() as net.AddressInfo;
        server.close(() => resolve(port));
      });
    });

  it('refuses quickly while Redis is down and enqueues once it is up, without a restart', async () => {
    // A Redis of our own on a spare port: this test starts it late, the shared one is never touched.
    const port = await sparePort();
    const backend = createQueueBackendFrom({ redisUrl: `redis://127.0.0.1:${port}`, prefix });
    const registry = new QueueRegistry(backend);
    // As a request path would: get() first (the queue built while Redis is down), then ready().
    registry.get('late');
    let redis: ReturnType<typeof spawn> | undefined;
    try {
      await expect(registry.ready('late', 300)).rejects.toThrow(/Redis did not answer/);
      redis = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
      const added: Job = await eventually(
        'the queue to take a job once Redis is up',
        () => registry.ready('late', 300).then((queue) => queue.add('e', { n: 2 })),
        { timeoutMs: 40_000, everyMs: 100, retryErrors: true },
      );
      expect(added?.data).toEqual({ n: 2 });
      expect(await (await registry.ready('late')).getJobCounts('waiting')).toEqual({ waiting: 1 });
    } finally {
      await registry.closeAll().catch(() => undefined);
      await backend.close().catch(() => undefined);
      redis?.kill('SIGKILL');
    }
  });
});

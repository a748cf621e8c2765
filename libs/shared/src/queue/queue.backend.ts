import {
  Queue,
  QueueEvents,
  Worker,
  createPostgresBackend,
  withBackend,
  type JobsOptions,
  type Processor,
  type QueueEventsOptions,
  type QueueOptions,
  type WorkerOptions,
} from 'bullmq';
import { randomUUID } from 'node:crypto';
import IORedis from 'ioredis';
import { Pool } from 'pg';
import type { BaseConfig } from '../config/base.config';
import { defaultJobOptions } from './job-options';
import { withTimeout } from '../util/with-timeout';

export type QueueBackendKind = 'redis' | 'postgres';

type QueueExtras = Omit<QueueOptions, 'connection' | 'prefix'>;
type WorkerExtras = Omit<WorkerOptions, 'connection' | 'prefix'>;
type QueueEventsExtras = Omit<QueueEventsOptions, 'connection' | 'prefix'>;

/**
 * BullMQ on Redis or on PostgreSQL behind one interface. Queues built from the same backend are the
 * same `bullmq` classes either way, typed with BullMQ's (Redis) defaults: the PostgreSQL ones differ
 * only in their backend and connection types, which callers do not touch.
 */
export interface QueueBackend {
  readonly kind: QueueBackendKind;
  readonly prefix: string;
  /** The bound classes, for anything the helpers below do not cover. */
  readonly Queue: typeof Queue;
  readonly Worker: typeof Worker;
  readonly QueueEvents: typeof QueueEvents;
  /** Producer connection: the shared ioredis client, or the PostgreSQL pool options. */
  readonly connection: unknown;
  /** `${QUEUE_PREFIX}.${name}`: on PostgreSQL BullMQ has no key prefix, so the name carries it. */
  queueName(name: string): string;
  createQueue<D = unknown, R = unknown>(name: string, options?: QueueExtras): Queue<D, R>;
  createWorker<D = unknown, R = unknown>(name: string, processor: Processor<D, R>, options?: WorkerExtras): Worker<D, R>;
  createQueueEvents(name: string, options?: QueueEventsExtras): QueueEvents;
  /** Resolves once the producer connection is up, or fails after `timeoutMs` (PostgreSQL: at once). */
  ready(timeoutMs?: number): Promise<void>;
  /** For readiness: Redis PING or `SELECT 1`, failing after `timeoutMs`. */
  ping(timeoutMs?: number): Promise<void>;
  /**
   * Names the store's current contents: the same value while what was put in it survives, a new
   * one once it came back empty (a Redis restarted without persistence, or flushed). The outbox
   * relay records it beside each event it publishes and publishes again what went to an epoch that
   * is gone. PostgreSQL keeps its jobs with the data, so it has one epoch.
   */
  epoch(): Promise<string>;
  /**
   * Deletes the queue's event stream (what QueueEvents would read): every entry names a job and the
   * millisecond it was added, started or finished. For event queues, whose job ids are outbox event
   * ids, that instant could be joined to a screening (decision 0014). Nothing here listens to them.
   */
  forgetEvents(name: string, timeoutMs?: number): Promise<void>;
  /** Closes the connections the backend owns (not the queues and workers made from it). */
  close(): Promise<void>;
}

export interface QueueBackendOptions {
  readonly redisUrl?: string;
  /** Used when there is no Redis. */
  readonly databaseUrl?: string;
  readonly prefix: string;
  /** PostgreSQL backend: the schema holding BullMQ's tables (default `bullmq`). */
  readonly postgresSchema?: string;
  /** PostgreSQL backend: connections of each queue's, worker's and listener's pool (default 4). */
  readonly postgresPoolSize?: number;
  /** PostgreSQL backend: how the queries' connections show in pg_stat_activity (listeners name themselves by queue). */
  readonly applicationName?: string;
}

const QUEUE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** The producer does not queue commands while disconnected: wait, bounded, for the connection. */
function whenReady(redis: IORedis, timeoutMs: number): Promise<void> {
  if (redis.status === 'ready') return Promise.resolve();
  if (redis.status === 'wait') redis.connect().catch(() => undefined);
  return new Promise<void>((resolve, reject) => {
    const onReady = (): void => {
      clearTimeout(timer);
      resolve();
    };
    const timer = setTimeout(() => {
      redis.off('ready', onReady);
      reject(new Error(`Redis did not answer within ${timeoutMs} ms`));
    }, timeoutMs);
    redis.once('ready', onReady);
  });
}

function mergeJobOptions(options?: QueueExtras): QueueExtras {
  return { ...options, defaultJobOptions: { ...defaultJobOptions, ...(options?.defaultJobOptions as JobsOptions | undefined) } };
}

function makeQueueName(prefix: string, name: string): string {
  if (!QUEUE_NAME.test(name)) throw new Error(`Invalid queue name "${name}": letters, digits, ., _ and - only`);
  return `${prefix}.${name}`;
}

function redisBackend(url: string, prefix: string): QueueBackend {
  // Producers fail fast when Redis is down (an API call must not hang); workers and QueueEvents
  // block on Redis and must retry forever, which BullMQ requires (maxRetriesPerRequest: null).
  // Both connect on first use, so an app that fails to boot leaves no socket open behind it.
  const producer = new IORedis(url, { maxRetriesPerRequest: 1, enableOfflineQueue: false, lazyConnect: true });
  const blocking = new IORedis(url, { maxRetriesPerRequest: null, lazyConnect: true });
  // Errors surface through the calls that need Redis (and readiness); not as unhandled events.
  producer.on('error', () => undefined);
  blocking.on('error', () => undefined);
  return {
    kind: 'redis',
    prefix,
    Queue,
    Worker,
    QueueEvents,
    connection: producer,
    queueName: (name) => makeQueueName(prefix, name),
    createQueue: <D, R>(name: string, options?: QueueExtras) =>
      new Queue<D, R>(makeQueueName(prefix, name), { ...mergeJobOptions(options), connection: producer }),
    createWorker: <D, R>(name: string, processor: Processor<D, R>, options?: WorkerExtras) =>
      new Worker<D, R>(makeQueueName(prefix, name), processor, { ...options, connection: blocking }),
    createQueueEvents: (name, options) => new QueueEvents(makeQueueName(prefix, name), { ...options, connection: blocking }),
    ready: (timeoutMs = 2000) => whenReady(producer, timeoutMs),
    async ping(timeoutMs = 2000) {
      await whenReady(producer, timeoutMs);
      const answer = await withTimeout(producer.ping(), timeoutMs, 'Redis');
      if (answer !== 'PONG') throw new Error(`Redis answered ${answer}`);
    },
    async epoch() {
      // A marker key that only an empty store lacks; SET NX so that concurrent relays agree.
      const key = `bull:${prefix}:epoch`;
      await whenReady(producer, 2000);
      const current = await producer.get(key);
      if (current) return current;
      await producer.set(key, randomUUID(), 'NX');
      const set = await producer.get(key);
      if (!set) throw new Error('Redis lost the queue epoch key as soon as it was set');
      return set;
    },
    async forgetEvents(name, timeoutMs = 2000) {
      // Exactly, not `~`: approximate trimming keeps the newest entries, the ones that matter.
      await whenReady(producer, timeoutMs);
      await withTimeout(producer.xtrim(`bull:${makeQueueName(prefix, name)}:events`, 'MAXLEN', 0), timeoutMs, 'Redis');
    },
    async close() {
      const end = async (redis: IORedis): Promise<void> => {
        if (redis.status === 'wait' || redis.status === 'end') redis.disconnect();
        else await redis.quit().catch(() => redis.disconnect());
      };
      await Promise.all([end(producer), end(blocking)]);
    },
  };
}

function postgresBackend(
  databaseUrl: string,
  prefix: string,
  options: Pick<QueueBackendOptions, 'postgresSchema' | 'postgresPoolSize' | 'applicationName'>,
): QueueBackend {
  const schema = options.postgresSchema;
  const bound = withBackend(createPostgresBackend);
  // Each queue, worker and QueueEvents builds its own pool from these options; `migrate` lets the
  // first one create or upgrade the bullmq schema (under BullMQ's own advisory lock).
  const connection = {
    connectionString: databaseUrl,
    migrate: true,
    max: options.postgresPoolSize ?? 4,
    // Many of a process's queues are used now and then (schedules, the console): their connections go back
    // to the server soon after, instead of every pool holding one idle.
    idleTimeoutMillis: 2_000,
    ...(options.applicationName ? { application_name: options.applicationName } : {}),
    ...(schema ? { schema } : {}),
  };
  const pingPool = new Pool({
    connectionString: databaseUrl,
    max: 1,
    connectionTimeoutMillis: 2000,
    idleTimeoutMillis: 1_000,
    ...(options.applicationName ? { application_name: `${options.applicationName}-ping` } : {}),
  });
  // BullMQ's own default schema when none is given.
  const eventsSchema = schema ?? 'bullmq';
  if (!/^[a-z_][a-z0-9_]*$/.test(eventsSchema)) throw new Error(`Invalid queue schema "${eventsSchema}"`);
  pingPool.on('error', () => undefined);
  return {
    kind: 'postgres',
    prefix,
    Queue: bound.Queue as unknown as typeof Queue,
    Worker: bound.Worker as unknown as typeof Worker,
    QueueEvents: bound.QueueEvents as unknown as typeof QueueEvents,
    connection,
    queueName: (name) => makeQueueName(prefix, name),
    createQueue: <D, R>(name: string, options?: QueueExtras) =>
      new bound.Queue<D, R>(makeQueueName(prefix, name), { ...mergeJobOptions(options), connection }) as unknown as Queue<D, R>,
    createWorker: <D, R>(name: string, processor: Processor<D, R>, options?: WorkerExtras) =>
      new bound.Worker<D, R>(makeQueueName(prefix, name), processor as never, { ...options, connection }) as unknown as Worker<D, R>,
    createQueueEvents: (name, options) => new bound.QueueEvents(makeQueueName(prefix, name), { ...options, connection }) as unknown as QueueEvents,
    async ping(timeoutMs = 2000) {
      await withTimeout(pingPool.query('SELECT 1'), timeoutMs, 'PostgreSQL');
    },
    async forgetEvents(name, timeoutMs = 2000) {
      // BullMQ trims its event table only every 256th event, and never with a maximum of 0.
      await withTimeout(pingPool.query(`DELETE FROM "${eventsSchema}".event WHERE queue = $1`, [makeQueueName(prefix, name)]), timeoutMs, 'PostgreSQL');
    },
    epoch: () => Promise.resolve('postgres'),
    ready: () => Promise.resolve(),
    async close() {
      await pingPool.end();
    },
  };
}

export function createQueueBackendFrom(options: QueueBackendOptions): QueueBackend {
  if (options.redisUrl) return redisBackend(options.redisUrl, options.prefix);
  if (!options.databaseUrl) throw new Error('Without REDIS_URL the queue needs a PostgreSQL database URL');
  return postgresBackend(options.databaseUrl, options.prefix, options);
}

/**
 * Redis when REDIS_URL is set (production); otherwise BullMQ's PostgreSQL backend on
 * QUEUE_DATABASE_URL or the service's database (the embedded default). Services that exchange
 * events must point at the same Redis or the same PostgreSQL database.
 */
export function createQueueBackend(
  config: Pick<BaseConfig, 'REDIS_URL' | 'QUEUE_DATABASE_URL' | 'QUEUE_PREFIX'> &
    Partial<Pick<BaseConfig, 'QUEUE_DATABASE_POOL_SIZE' | 'SERVICE_NAME'>> & { readonly DATABASE_URL?: string },
): QueueBackend {
  return createQueueBackendFrom({
    redisUrl: config.REDIS_URL,
    databaseUrl: config.QUEUE_DATABASE_URL ?? config.DATABASE_URL,
    prefix: config.QUEUE_PREFIX,
    postgresPoolSize: config.QUEUE_DATABASE_POOL_SIZE,
    ...(config.SERVICE_NAME ? { applicationName: `${config.SERVICE_NAME}-queue` } : {}),
  });
}

import { ROME_TIME_ZONE } from '@inps/kernel';
import type { JobsOptions } from 'bullmq';
import { defaultJobOptions } from './job-options';

/**
 * A value, or how to read it from the service's configuration (the object behind APP_CONFIG).
 * Annotate the parameter, `(c: MonitoringConfig) => c.EVENTS_QUEUE`: any service's configuration
 * is accepted here, and the process's own is passed in.
 */
export type FromConfig<T> = T | ((config: never) => T);

export function fromConfig<T>(value: FromConfig<T>, config: unknown): T {
  return typeof value === 'function' ? (value as (config: unknown) => T)(config) : value;
}

export interface QueueSpec {
  /** Without QUEUE_PREFIX, which the backend adds. */
  readonly name: FromConfig<string>;
  /** Jobs a worker of this queue runs at once (BullMQ's default, 1, when absent). */
  readonly concurrency?: FromConfig<number>;
}

export interface QueueDeclaration extends QueueSpec {
  readonly kind: 'queue';
}

/** A queue, declared once where its jobs are. The name keeps its literal type, for tests that open the queue. */
export function defineQueue<const S extends QueueSpec>(spec: S): S & QueueDeclaration {
  return Object.freeze({ ...spec, kind: 'queue' as const });
}

/** What a declaration may set; the job id (and the repetition, from `schedule`) belong to each job. */
export type DeclaredJobOptions = Omit<JobsOptions, 'jobId' | 'repeat' | 'delay'>;

/** Per job, when it is added: a deterministic job id makes adding it twice one job. */
export type AddJobOptions = Omit<JobsOptions, 'repeat'>;

export interface JobSchedule<D> {
  /**
   * The job scheduler's id. Fixed, so that every start of every replica upserts the same
   * scheduler instead of adding one of its own.
   */
  readonly id: string;
  /** Cron pattern (BullMQ's, seconds optional); or `every`. */
  readonly pattern?: FromConfig<string>;
  /** Milliseconds between runs; the first run comes as soon as the schedule is registered. */
  readonly every?: FromConfig<number>;
  /** Time zone of the pattern: Europe/Rome unless said. */
  readonly tz?: string;
  readonly data?: D;
}

export interface JobSpec<D> {
  readonly queue: QueueDeclaration | string;
  /** The BullMQ job name, unique in its queue: what a worker dispatches on. */
  readonly name: string;
  /** Over `defaultJobOptions` (attempts, backoff, retention). */
  readonly options?: DeclaredJobOptions;
  /** Registered by the worker processes that handle the job, at start and whenever the queue store comes back empty. */
  readonly schedule?: JobSchedule<D>;
}

export interface JobDeclaration<D = unknown, R = unknown> {
  readonly kind: 'job';
  readonly queue: QueueDeclaration;
  readonly name: string;
  readonly options: Readonly<DeclaredJobOptions>;
  readonly schedule?: JobSchedule<D>;
  /** Never set: carries the data and result types to producers and handlers. */
  readonly types?: { readonly data: D; readonly result: R };
}

/**
 * A kind of job, once: queue, name, data and result types, options and schedule. Producers add it
 * with `Jobs.add(declaration, data)` and a provider method handles it with `@JobHandler(declaration)`.
 *
 * ```ts
 * export const CLOSE_IDLE = defineJob<Record<string, never>, { closed: number }>({
 *   queue: 'questionnaire.housekeeping',
 *   name: 'close-idle',
 *   schedule: { id: 'close-idle-screenings', pattern: '0 30 3 * * *' },
 * });
 * ```
 */
export function defineJob<D = Record<string, never>, R = void>(spec: JobSpec<D>): JobDeclaration<D, R> {
  if (spec.schedule && (spec.schedule.pattern === undefined) === (spec.schedule.every === undefined)) {
    throw new Error(`Job ${spec.name}: a schedule needs a pattern or an interval (every), not both`);
  }
  return Object.freeze({
    kind: 'job' as const,
    queue: typeof spec.queue === 'string' ? defineQueue({ name: spec.queue }) : spec.queue,
    name: spec.name,
    options: Object.freeze({ ...defaultJobOptions, ...spec.options }),
    ...(spec.schedule ? { schedule: Object.freeze({ ...(spec.schedule.pattern !== undefined ? { tz: ROME_TIME_ZONE } : {}), ...spec.schedule }) } : {}),
  });
}

import { Inject, Injectable, Logger, Module, Optional, type BeforeApplicationShutdown, type DynamicModule, type OnApplicationBootstrap } from '@nestjs/common';
import { DiscoveryModule, DiscoveryService } from '@nestjs/core';
import type { Job, Processor, Worker } from 'bullmq';
import { DataSource } from 'typeorm';
import { APP_CONFIG } from '../app/core.module';
import { callEventHandler } from '../events/event-handler';
import { safeRequestId, withRequestId } from '../logging/request-context';
import { Metrics } from '../metrics/metrics';
import { withTimeout } from '../util/with-timeout';
import type { OutboxMessage } from '../outbox/outbox.types';
import { handlerMetadataOf, type HandledJob, type HandlerMetadata } from './job-handler';
import { fromConfig, type JobDeclaration, type QueueDeclaration } from './jobs';
import { QueueStoreWatch } from './queue-store.watch';
import { parkRefusedEvent } from './refused-events';
import type { QueueBackend } from './queue.backend';
import { QueueRegistry } from './queue.registry';
import { QUEUE_BACKEND } from './queue.tokens';
import { traceProcess } from '../tracing/trace-context';

export interface JobsModuleOptions {
  /**
   * Run BullMQ workers (default true). Without them the process still registers its schedules
   * and runs its recovery hooks, and tests call the handlers themselves.
   */
  readonly workers?: boolean;
}

const JOBS_OPTIONS = Symbol('JOBS_OPTIONS');

const JOB_STATES = ['waiting', 'active', 'delayed', 'failed', 'completed'] as const;

type Call = (job: HandledJob<unknown>) => Promise<unknown>;

/** A queue with handlers in this process: what its worker dispatches to. */
interface QueuePlan {
  readonly name: string;
  concurrency: number | undefined;
  /** Events: a type nobody here wants is another service's business, not a failure. */
  readonly kind: 'jobs' | 'events';
  readonly handlers: Map<string, Call[]>;
}

interface Schedule {
  readonly queue: string;
  readonly job: JobDeclaration;
}

/** Short, and without the job's data: that may be a payload about a person. */
function reason(error: unknown): string {
  return (error instanceof Error ? `${error.name}: ${error.message}` : String(error)).slice(0, 300);
}

/**
 * The worker side of declared jobs and events, found by their decorators on this process's
 * providers: one BullMQ worker per queue with handlers, dispatching by job name; every declared
 * schedule upserted and every recovery hook run at start and whenever the queue store comes back
 * empty; the workers closed on shutdown, before the queues and the database.
 */
@Injectable()
export class JobWorkers implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('JobWorkers');
  private readonly plans = new Map<string, QueuePlan>();
  private readonly schedules: Schedule[] = [];
  private readonly recoveries: { readonly name: string; readonly run: () => Promise<unknown> }[] = [];
  private readonly workers: Worker[] = [];
  /** Event-stream sweeps in flight, waited for at shutdown (before the backend closes). */
  private readonly sweeps = new Set<Promise<void>>();

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly queues: QueueRegistry,
    private readonly storeWatch: QueueStoreWatch,
    @Inject(QUEUE_BACKEND) private readonly backend: QueueBackend,
    @Inject(JOBS_OPTIONS) private readonly options: JobsModuleOptions,
    @Optional() @Inject(APP_CONFIG) private readonly config: object = {},
    @Optional() private readonly metrics?: Metrics,
    @Optional() @Inject(DataSource) private readonly dataSource?: DataSource,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    for (const wrapper of this.discovery.getProviders()) {
      const instance: unknown = wrapper.instance;
      if (!instance || typeof instance !== 'object' || !wrapper.isDependencyTreeStatic()) continue;
      for (const handler of handlerMetadataOf(instance.constructor)) this.add(instance, handler);
    }
    if (this.options.workers !== false) {
      for (const plan of this.plans.values()) this.startWorker(plan);
      this.metrics?.addCollector('queues', () => this.countJobs());
    }
    if (this.schedules.length === 0 && this.recoveries.length === 0) return;
    // Watching before the first registration: a store lost right after it is then a change.
    this.storeWatch.onReset('job schedules and recovery', () => this.restore());
    // Waited for, so that a started worker has its schedules; a store that is down only delays
    // them (by the ping's bound) until the watch sees it answer.
    try {
      await this.restore();
    } catch (error) {
      this.logger.warn(`could not register the schedules yet, will retry when the queue store answers: ${reason(error)}`);
      this.storeWatch.owe();
    }
  }

  async beforeApplicationShutdown(): Promise<void> {
    await Promise.all(this.workers.splice(0).map((w) => w.close()));
    await Promise.all([...this.sweeps]);
  }

  /**
   * Puts back what lives only in the queue store: upserts every schedule of the jobs handled here
   * (the same scheduler id everywhere, so replicas converge on one), then runs every recovery hook.
   * Safe to repeat; throws when the store does not answer.
   */
  async restore(): Promise<void> {
    // Fails within seconds while the store is down, where a BullMQ call could wait for it.
    await this.backend.ping(2000);
    for (const { queue, job } of this.schedules) {
      const s = job.schedule as NonNullable<JobDeclaration['schedule']>;
      const repeat =
        s.pattern !== undefined
          ? { pattern: fromConfig(s.pattern, this.config), tz: s.tz }
          : { every: fromConfig(s.every as NonNullable<typeof s.every>, this.config) };
      await this.queues.get(queue).upsertJobScheduler(s.id, repeat, { name: job.name, data: s.data ?? {}, opts: { ...job.options } });
    }
    for (const recovery of this.recoveries) await recovery.run();
  }

  /** Runs a job through this process's handlers as the queue's worker would: for tests that drive handlers. */
  dispatch(queue: QueueDeclaration | JobDeclaration, job: HandledJob<unknown>): Promise<unknown> {
    const plan = this.plans.get(this.nameOf(queue.kind === 'job' ? queue.queue : queue));
    if (!plan) throw new Error(`No handler in this process for the queue of ${job.name}`);
    return this.run(plan, job);
  }

  private nameOf(queue: QueueDeclaration): string {
    return fromConfig(queue.name, this.config);
  }

  private planFor(queue: QueueDeclaration, kind: QueuePlan['kind'], what: string): QueuePlan {
    const name = this.nameOf(queue);
    const concurrency = queue.concurrency === undefined ? undefined : fromConfig(queue.concurrency, this.config);
    let plan = this.plans.get(name);
    if (!plan) {
      plan = { name, concurrency, kind, handlers: new Map() };
      this.plans.set(name, plan);
    }
    if (plan.kind !== kind) throw new Error(`${what}: queue ${name} cannot carry both events and jobs`);
    if (concurrency !== undefined && plan.concurrency !== undefined && concurrency !== plan.concurrency) {
      throw new Error(`${what}: queue ${name} is declared with two concurrencies`);
    }
    plan.concurrency ??= concurrency;
    return plan;
  }

  private add(instance: object, handler: HandlerMetadata): void {
    const where = `${instance.constructor.name}.${String(handler.method)}`;
    const method = (instance as Record<string | symbol, unknown>)[handler.method];
    if (typeof method !== 'function') throw new Error(`${where} is not a method`);
    if (handler.kind === 'recovery') {
      this.recoveries.push({ name: where, run: () => (method as () => Promise<unknown>).call(instance) });
      return;
    }
    if (handler.kind === 'event') {
      const plan = this.planFor(handler.queue, 'events', where);
      const call: Call = (job) => callEventHandler(instance, handler.method, handler.parse, job.data as OutboxMessage);
      plan.handlers.set(handler.type, [...(plan.handlers.get(handler.type) ?? []), call]);
      return;
    }
    const plan = this.planFor(handler.job.queue, 'jobs', where);
    // One handler per job: two would each think they own its schedule and its result.
    if (plan.handlers.has(handler.job.name)) throw new Error(`${where}: job ${handler.job.name} on ${plan.name} already has a handler`);
    plan.handlers.set(handler.job.name, [(job) => (method as Call).call(instance, job)]);
    if (handler.job.schedule) this.schedules.push({ queue: plan.name, job: handler.job });
  }

  private async run(plan: QueuePlan, job: HandledJob<unknown>): Promise<unknown> {
    const calls = plan.handlers.get(job.name);
    if (!calls) {
      if (plan.kind === 'events') return undefined;
      throw new Error(`No handler for job ${job.name} on ${plan.name}`);
    }
    // tracing: continues the producer's trace from the job's `traceContext`.
    return traceProcess(plan.name, job.name, job.data, async () => {
      let result: unknown;
      for (const call of calls) result = await call(job);
      return result;
    });
  }

  /** The jobs of each queue this process works on, by state, read at scrape time (both backends answer getJobCounts). */
  private async countJobs(): Promise<void> {
    const metrics = this.metrics as Metrics;
    await Promise.all(
      [...this.plans.keys()].map(async (name) => {
        const counts = await withTimeout(this.queues.get(name).getJobCounts(...JOB_STATES), 2000, 'the queue store');
        for (const state of JOB_STATES) metrics.queueJobs.set({ queue: name, state }, counts[state] ?? 0);
      }),
    );
  }

  /**
   * One job as the worker runs it: under the request id its data carries (its log lines name the
   * request that caused it), timed and counted by queue and job name, and for events the time since
   * the relay put it on the queue.
   */
  private async handle(plan: QueuePlan, job: Job): Promise<unknown> {
    const requestId = safeRequestId((job.data as { requestId?: unknown } | null | undefined)?.requestId);
    const metrics = this.metrics?.enabled ? this.metrics : undefined;
    const started = metrics ? process.hrtime.bigint() : 0n;
    const record = (outcome: 'completed' | 'failed'): void => {
      if (!metrics) return;
      const labels = { queue: plan.name, job: job.name, outcome };
      metrics.jobs.inc(labels);
      metrics.jobDuration.observe(labels, Number(process.hrtime.bigint() - started) / 1e9);
    };
    try {
      const result = await withRequestId(requestId, () => this.run(plan, job as HandledJob<unknown>));
      record('completed');
      if (metrics && plan.kind === 'events' && plan.handlers.has(job.name))
        metrics.consumerLag.observe({ event: job.name }, Math.max(0, Date.now() - job.timestamp) / 1000);
      return result;
    } catch (error) {
      record('failed');
      if (plan.kind === 'events' && job.attemptsMade + 1 >= (job.opts.attempts ?? 1)) {
        metrics?.eventsRefused.inc({ event: job.name });
        // Before the job ends (and is deleted, decision 0014): the consumer keeps it to be sent again.
        if (plan.handlers.has(job.name)) await this.park(job, error);
      }
      throw error;
    }
  }

  /** A failure to park is logged and the event stays counted only: its producer's outbox still has it. */
  private async park(job: Job, error: unknown): Promise<void> {
    if (!this.dataSource) {
      this.logger.warn(`${job.name}: refused, and not kept (no database in this process)`);
      return;
    }
    try {
      await parkRefusedEvent(this.dataSource, job.data as OutboxMessage, error, job.attemptsMade + 1);
    } catch (parkError) {
      this.logger.warn(`${job.name}: refused, and could not be kept: ${reason(parkError)}`);
    }
  }

  private startWorker(plan: QueuePlan): void {
    const processor: Processor = (job) => this.handle(plan, job);
    const worker = this.backend.createWorker(plan.name, processor, plan.concurrency === undefined ? {} : { concurrency: plan.concurrency });
    const events = plan.kind === 'events';
    const sweep = events ? this.eventSweeper(plan.name) : undefined;
    worker.on('failed', (job, error) => {
      const attempt = job ? ` (attempt ${job.attemptsMade} of ${job.opts.attempts ?? 1})` : '';
      // An event's job id is its event id, which a consumer keeps beside a screening: a log line's
      // time would tell when that screening was handled. The type and the reason are enough.
      this.logger.warn(`${plan.name}: ${job?.name ?? '?'}${events ? '' : ` ${job?.id ?? '?'}`} failed${attempt}: ${reason(error)}`);
      if (job && job.attemptsMade >= (job.opts.attempts ?? 1)) sweep?.();
    });
    if (sweep) {
      worker.on('completed', () => sweep());
      // What a process stopped between a completion and its sweep left behind.
      sweep();
    }
    this.workers.push(worker as Worker);
  }

  /**
   * Deletes the queue's event stream after jobs end, one sweep at a time: a completion during a
   * sweep asks for one more, so the last job's entries never stay. A failed sweep is logged, and the
   * next job that ends sweeps again.
   */
  private eventSweeper(queue: string): () => void {
    let running = false;
    let again = false;
    const run = (): void => {
      if (running) {
        again = true;
        return;
      }
      running = true;
      again = false;
      const sweep: Promise<void> = this.backend
        .forgetEvents(queue)
        .catch((error: unknown) => this.logger.warn(`${queue}: could not delete the queue's event stream yet: ${reason(error)}`))
        .finally(() => {
          this.sweeps.delete(sweep);
          running = false;
          if (again && this.workers.length > 0) run();
        });
      this.sweeps.add(sweep);
    };
    return run;
  }
}

/**
 * The worker process's jobs and event consumers: import once in a worker module (never in an API
 * process, which only adds jobs through `Jobs` and events through the outbox). Needs QueueModule.
 */
@Module({})
export class JobsModule {
  static forWorker(options: JobsModuleOptions = {}): DynamicModule {
    return {
      module: JobsModule,
      imports: [DiscoveryModule],
      providers: [{ provide: JOBS_OPTIONS, useValue: options }, JobWorkers],
      exports: [JobWorkers],
    };
  }
}

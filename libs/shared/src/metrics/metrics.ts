import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

export type ProcessRole = 'api' | 'worker';

export interface MetricsOptions {
  /** METRICS_ENABLED: off, nothing is recorded, collected or served. */
  readonly enabled: boolean;
  /** The `service` label of every series. */
  readonly service: string;
  readonly role?: ProcessRole;
}

/** What a scrape asks a part of the process (a pool, a queue, the outbox) to read now. */
export type Collector = () => void | Promise<void>;

/**
 * The event-loop delay monitor wakes the process at this interval, busy or not. prom-client's 10 ms
 * default was 100 wake-ups a second per process, about 4 ms of CPU a second each on this project's
 * two-core machine: most of what metrics cost a process with nothing to serve (bench/observability,
 * decision 0022, "Second pass"). A timer
 * every 100 ms still measures each delay to the nanosecond; a stall shorter than that is seen when it
 * covers a tick (a 30 ms one, three times in ten), and request latency shows the rest.
 */
const EVENT_LOOP_RESOLUTION_MS = 100;

/** Seconds; from a millisecond request up to a slow PDF render behind a busy event loop. */
const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
/** Jobs and event delivery: from milliseconds to the minutes a report or a backed-up queue takes. */
const JOB_BUCKETS = [0.01, 0.05, 0.1, 0.5, 1, 5, 10, 30, 60, 300, 900];
const REPORT_BUCKETS = [0.5, 1, 5, 10, 30, 60, 120, 300, 600, 1800];

/**
 * The process's Prometheus series, by the names of docs/operations.md ("Metrics"); one registry per
 * app (tests run several in one process). No label carries an id, a code or anything about a
 * person: routes are patterns, jobs and events are declared names, scopes are levels.
 */
export class Metrics {
  readonly enabled: boolean;
  readonly service: string;
  readonly registry = new Registry();
  private readonly collectors = new Map<string, Collector>();
  private defaultsOn = false;
  private readonly lastSemesterEnd = new Map<string, number>();

  readonly httpRequests: Counter<'route' | 'method' | 'status'>;
  readonly httpDuration: Histogram<'route' | 'method' | 'status_class'>;
  readonly graphqlOperations: Counter<'operation_type' | 'outcome'>;
  readonly dbPool: Gauge<'state'>;
  readonly queueJobs: Gauge<'queue' | 'state'>;
  readonly jobDuration: Histogram<'queue' | 'job' | 'outcome'>;
  readonly jobs: Counter<'queue' | 'job' | 'outcome'>;
  readonly outboxOldestAge: Gauge;
  readonly outboxUnpublished: Gauge;
  readonly consumerLag: Histogram<'event'>;
  readonly eventsRefused: Counter<'event'>;
  readonly reportCompilation: Histogram<'scope_level'>;
  readonly reportLastSemesterEnd: Gauge<'scope_level'>;
  readonly screeningsCompleted: Counter<'ruleset' | 'channel'>;
  readonly workerHeartbeat: Gauge;
  readonly subgraphDuration: Histogram<'subgraph' | 'outcome'>;
  readonly subgraphErrors: Counter<'subgraph'>;

  constructor(options: MetricsOptions) {
    this.enabled = options.enabled;
    this.service = options.service;
    this.registry.setDefaultLabels({ service: options.service, role: options.role ?? 'api' });
    const registers = [this.registry];
    // prom-client reads the metrics in registration order: the collectors run once per scrape, from the
    // first gauge that needs them (the pool), before the queue and outbox gauges below are read.
    const collect = (): Promise<void> => this.collect();
    this.httpRequests = new Counter({ name: 'inps_http_requests_total', help: 'HTTP requests served', labelNames: ['route', 'method', 'status'], registers });
    this.httpDuration = new Histogram({
      name: 'inps_http_request_duration_seconds',
      help: 'HTTP request latency',
      labelNames: ['route', 'method', 'status_class'],
      buckets: LATENCY_BUCKETS,
      registers,
    });
    this.graphqlOperations = new Counter({
      name: 'inps_graphql_operations_total',
      help: 'GraphQL operations executed by this subgraph',
      labelNames: ['operation_type', 'outcome'],
      registers,
    });
    this.dbPool = new Gauge({ name: 'inps_db_pool_connections', help: 'Database pool connections by state', labelNames: ['state'], registers, collect });
    this.queueJobs = new Gauge({ name: 'inps_queue_jobs', help: 'Jobs per queue and state', labelNames: ['queue', 'state'], registers });
    this.jobDuration = new Histogram({
      name: 'inps_job_duration_seconds',
      help: 'Job processing time in the worker',
      labelNames: ['queue', 'job', 'outcome'],
      buckets: JOB_BUCKETS,
      registers,
    });
    this.jobs = new Counter({ name: 'inps_jobs_total', help: 'Jobs processed by the worker', labelNames: ['queue', 'job', 'outcome'], registers });
    this.outboxOldestAge = new Gauge({
      name: 'inps_outbox_oldest_unpublished_age_seconds',
      help: 'How long the oldest outbox row not yet relayed has been waiting, as seen by this process (0 when none)',
      registers,
    });
    this.outboxUnpublished = new Gauge({ name: 'inps_outbox_unpublished_rows', help: 'Outbox rows not yet relayed', registers });
    this.consumerLag = new Histogram({
      name: 'inps_consumer_lag_seconds',
      help: 'Time from an event being put on its queue to its processing by the consumer',
      labelNames: ['event'],
      buckets: JOB_BUCKETS,
      registers,
    });
    this.eventsRefused = new Counter({ name: 'inps_events_refused_total', help: 'Events a consumer refused (given up)', labelNames: ['event'], registers });
    this.reportCompilation = new Histogram({
      name: 'inps_report_compilation_duration_seconds',
      help: 'Time to compile one semiannual report',
      labelNames: ['scope_level'],
      buckets: REPORT_BUCKETS,
      registers,
    });
    this.reportLastSemesterEnd = new Gauge({
      name: 'inps_report_last_completed_semester_end_seconds',
      help: 'Unix time of the end of the latest semester whose report completed',
      labelNames: ['scope_level'],
      registers,
    });
    this.screeningsCompleted = new Counter({
      name: 'inps_screenings_completed_total',
      help: 'Screenings completed',
      labelNames: ['ruleset', 'channel'],
      registers,
    });
    this.workerHeartbeat = new Gauge({ name: 'inps_worker_heartbeat_seconds', help: "Unix time of the worker's last heartbeat", registers });
    this.subgraphDuration = new Histogram({
      name: 'inps_gateway_subgraph_request_duration_seconds',
      help: 'Gateway calls to subgraphs and upstream services',
      labelNames: ['subgraph', 'outcome'],
      buckets: LATENCY_BUCKETS,
      registers,
    });
    this.subgraphErrors = new Counter({
      name: 'inps_gateway_subgraph_errors_total',
      help: 'Failed gateway calls to subgraphs and upstreams',
      labelNames: ['subgraph'],
      registers,
    });
  }

  /** The worker says so before it starts: the `role` label of every series. */
  setRole(role: ProcessRole): void {
    // setDefaultLabels replaces them all.
    this.registry.setDefaultLabels({ service: this.service, role });
  }

  /**
   * prom-client's process and Node.js series (event-loop lag among them). Only for real processes:
   * its event-loop monitor runs all the time, which tests that build many apps do not need.
   */
  collectDefaults(): void {
    if (!this.enabled || this.defaultsOn) return;
    this.defaultsOn = true;
    collectDefaultMetrics({ register: this.registry, eventLoopMonitoringPrecision: EVENT_LOOP_RESOLUTION_MS });
  }

  /** A part that reads its gauges at scrape time; one per key, so that a module started twice replaces its own. */
  addCollector(key: string, collector: Collector): void {
    if (this.enabled) this.collectors.set(key, collector);
  }

  removeCollector(key: string): void {
    this.collectors.delete(key);
  }

  /**
   * A semiannual report completed: how long it took, and the end of its semester (Unix seconds),
   * which a report of an older semester compiled late does not move back.
   */
  reportCompleted(scopeLevel: string, seconds: number, semesterEndSeconds: number): void {
    if (!this.enabled) return;
    this.reportCompilation.observe({ scope_level: scopeLevel }, seconds);
    this.reportSemesterCompleted(scopeLevel, semesterEndSeconds);
  }

  /** A semester whose report is complete at this level (also what a worker finds at start). */
  reportSemesterCompleted(scopeLevel: string, semesterEndSeconds: number): void {
    if (!this.enabled) return;
    if (semesterEndSeconds > (this.lastSemesterEnd.get(scopeLevel) ?? 0)) {
      this.lastSemesterEnd.set(scopeLevel, semesterEndSeconds);
      this.reportLastSemesterEnd.set({ scope_level: scopeLevel }, semesterEndSeconds);
    }
  }

  /** The Prometheus text exposition. */
  async scrape(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  /** Every collector, at once; a failing one leaves its gauges as they were. */
  private async collect(): Promise<void> {
    await Promise.all(
      [...this.collectors.values()].map((c) =>
        Promise.resolve()
          .then(c)
          .catch(() => undefined),
      ),
    );
  }
}

/** "2xx" for 200..299, and so on: latency by class keeps the histogram's series few. */
export function statusClass(status: number): string {
  return `${Math.floor(status / 100)}xx`;
}

/** Metrics that record nothing: for code paths built without a process's Metrics (scripts, some tests). */
export const METRICS_OFF = new Metrics({ enabled: false, service: 'none' });

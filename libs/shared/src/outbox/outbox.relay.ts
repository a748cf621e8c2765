import { romeDaySql } from '@inps/kernel';
import type { LoggerService } from '@nestjs/common';
import type { JobsOptions } from 'bullmq';
import type { DataSource } from 'typeorm';
import { qualifiedTable } from '../database/database.options';
import type { QueueRegistry } from '../queue/queue.registry';
import type { OutboxMessage } from './outbox.types';
import type { TraceContext } from '../tracing/trace-context';

/** Where messages go; the default puts them on BullMQ queues. Tests can wrap it to watch. */
export interface OutboxPublisher {
  publish(queueName: string, messages: readonly OutboxMessage[]): Promise<void>;
  /** The store's epoch (QueueBackend.epoch): it changes when the store lost what it held. */
  epoch(): Promise<string>;
}

/**
 * An event's job is deleted as soon as it is done, delivered or given up. Its id is the outbox event
 * id, which consumers keep beside what the event is about (a screening), and the job records the
 * millisecond it was added and finished: kept, it would tell when a screening ended (decision 0014).
 * A re-publish after a relay crash then makes a second job, which consumers skip by event id
 * (consumeOnce); one given up stays in the producer's outbox (`retentionDays`) to be published again.
 */
const EVENT_JOB_OPTIONS: JobsOptions = { removeOnComplete: true, removeOnFail: true };

/** Job name = event type; job id = event id, so a re-publish while the job still waits is a no-op in BullMQ. */
export class BullMqOutboxPublisher implements OutboxPublisher {
  constructor(
    private readonly queues: QueueRegistry,
    private readonly jobOptions: JobsOptions = {},
  ) {}

  async publish(queueName: string, messages: readonly OutboxMessage[]): Promise<void> {
    const opts = { ...EVENT_JOB_OPTIONS, ...this.jobOptions };
    await this.queues.get<OutboxMessage>(queueName).addBulk(messages.map((m) => ({ name: m.type, data: m, opts: { ...opts, jobId: m.id } })));
  }

  epoch(): Promise<string> {
    return this.queues.backend.epoch();
  }
}

export interface OutboxRelayOptions {
  /** Queue names (without prefix) each event goes to; one queue per consuming service. */
  readonly destinations: readonly string[] | ((eventType: string) => readonly string[]);
  readonly batchSize?: number;
  readonly pollIntervalMs?: number;
  /**
   * Days a published row is kept (default 7): while it is, a queue store that comes back empty gets
   * it again. Older rows are deleted, so the table does not grow without end.
   */
  readonly retentionDays?: number;
}

interface OutboxRow {
  id: string;
  type: string;
  aggregate_id: string | null;
  payload: unknown;
  occurred_on: string;
  request_id: string | null;
  trace_context: TraceContext | null;
}

const PURGE_EVERY_MS = 3_600_000;

/**
 * Moves committed outbox rows to the queue. Rows are claimed with FOR UPDATE SKIP LOCKED, so any
 * number of relays (replicas) can run: each row is published by one of them, and marked published
 * in the same transaction. A crash after publishing but before the commit republishes the same
 * job id, which BullMQ ignores while the job is retained; consumers dedupe by event id anyway.
 *
 * "Published" is not "delivered": a Redis without persistence that dies loses the jobs it held.
 * So each row records the store's epoch it went to, and when the epoch changes every row published
 * to another one and still kept is published again (consumers dedupe). The epoch is read before
 * publishing, so a store that restarts in between makes a duplicate, never a loss.
 */
export class OutboxRelay {
  private readonly batchSize: number;
  private readonly pollIntervalMs: number;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private rerun = false;
  private started = false;
  private readonly retentionDays: number;
  /** The epoch this relay last checked the table against; undefined until the first run. */
  private checkedEpoch: string | undefined;
  private lastPurge = 0;

  constructor(
    private readonly dataSource: DataSource,
    private readonly publisher: OutboxPublisher,
    private readonly options: OutboxRelayOptions,
    private readonly logger?: LoggerService,
  ) {
    this.batchSize = options.batchSize ?? 100;
    this.pollIntervalMs = options.pollIntervalMs ?? 1000;
    this.retentionDays = options.retentionDays ?? 7;
  }

  /** Polls every `pollIntervalMs` until stop(). */
  start(): void {
    if (this.started) return;
    this.started = true;
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.started = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
  }

  /** Run now (called after a commit that wrote events); coalesces with a run in progress. */
  trigger(): void {
    if (this.started) void this.runExclusive().catch((error: unknown) => this.runFailed(error));
  }

  /** Publishes everything pending, batch after batch; returns how many events it published. */
  async relayOnce(): Promise<number> {
    const epoch = await this.publisher.epoch();
    if (epoch !== this.checkedEpoch) {
      await this.republishLostTo(epoch);
      this.checkedEpoch = epoch;
    }
    await this.purgeIfDue();
    let total = 0;
    for (;;) {
      const n = await this.relayBatch(epoch);
      total += n;
      if (n < this.batchSize) return total;
    }
  }

  /** Makes every kept row published to another epoch pending again. */
  private async republishLostTo(epoch: string): Promise<void> {
    const table = qualifiedTable(this.dataSource, 'outbox_event');
    const [, count] = (await this.dataSource.query(`UPDATE ${table} SET published_to = NULL WHERE published_to IS NOT NULL AND published_to <> $1`, [
      epoch,
    ])) as [unknown, number];
    if (count > 0) this.logger?.warn({ msg: 'the queue store no longer holds events published to it: publishing them again', events: count }, 'OutboxRelay');
  }

  private async purgeIfDue(): Promise<void> {
    if (Date.now() - this.lastPurge < PURGE_EVERY_MS) return;
    this.lastPurge = Date.now();
    const table = qualifiedTable(this.dataSource, 'outbox_event');
    await this.dataSource.query(`DELETE FROM ${table} WHERE published_to IS NOT NULL AND occurred_on < ${romeDaySql()} - $1::int`, [this.retentionDays]);
  }

  private schedule(delay: number): void {
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.runExclusive()
        .finally(() => {
          if (this.started && !this.timer) this.schedule(this.pollIntervalMs);
        })
        .catch((error: unknown) => this.runFailed(error));
    }, delay);
    // Polling alone must not keep a process (or a test run) alive.
    this.timer.unref();
  }

  private runExclusive(): Promise<void> {
    if (this.running) {
      this.rerun = true;
      return this.running;
    }
    this.running = (async () => {
      do {
        this.rerun = false;
        try {
          await this.relayOnce();
        } catch (error) {
          this.logger?.warn({ msg: 'outbox relay failed; will retry', err: error }, 'OutboxRelay');
        }
      } while (this.rerun && this.started);
    })().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  /** runExclusive logs and retries a failed run itself; this only catches a bug in that. */
  private runFailed(error: unknown): void {
    this.logger?.error({ msg: 'outbox relay run failed', err: error }, 'OutboxRelay');
  }

  private destinationsOf(type: string): readonly string[] {
    const d = this.options.destinations;
    return typeof d === 'function' ? d(type) : d;
  }

  private async relayBatch(epoch: string): Promise<number> {
    const table = qualifiedTable(this.dataSource, 'outbox_event');
    let claimed: string[] = [];
    try {
      return await this.dataSource.transaction(async (manager) => {
        const rows = (await manager.query(
          `SELECT id, type, aggregate_id, payload, to_char(occurred_on, 'YYYY-MM-DD') AS occurred_on, request_id, trace_context FROM ${table}
            WHERE published_to IS NULL ORDER BY seq LIMIT $1 FOR UPDATE SKIP LOCKED`,
          [this.batchSize],
        )) as OutboxRow[];
        if (rows.length === 0) return 0;
        claimed = rows.map((r) => r.id);
        const byQueue = new Map<string, OutboxMessage[]>();
        for (const row of rows) {
          const message: OutboxMessage = {
            id: row.id,
            type: row.type,
            occurredOn: row.occurred_on,
            ...(row.aggregate_id !== null ? { aggregateId: row.aggregate_id } : {}),
            payload: row.payload,
            ...(row.request_id !== null ? { requestId: row.request_id } : {}),
            ...(row.trace_context !== null ? { traceContext: row.trace_context } : {}),
          };
          for (const queue of this.destinationsOf(row.type)) byQueue.set(queue, [...(byQueue.get(queue) ?? []), message]);
        }
        for (const [queue, messages] of byQueue) await this.publisher.publish(queue, messages);
        await manager.query(
          `UPDATE ${table} SET published_to = $2, attempts = attempts + 1, last_error = NULL, request_id = NULL, trace_context = NULL WHERE id = ANY($1::uuid[])`,
          [claimed, epoch],
        );
        return rows.length;
      });
    } catch (error) {
      if (claimed.length > 0) {
        const reason = error instanceof Error ? error.message : String(error);
        await this.dataSource
          .query(`UPDATE ${table} SET attempts = attempts + 1, last_error = $2 WHERE id = ANY($1::uuid[]) AND published_to IS NULL`, [
            claimed,
            reason.slice(0, 1000),
          ])
          .catch(() => undefined);
      }
      throw error;
    }
  }
}

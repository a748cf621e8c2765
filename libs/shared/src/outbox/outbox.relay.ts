import type { LoggerService } from '@nestjs/common';
import type { JobsOptions } from 'bullmq';
import type { DataSource } from 'typeorm';
import { qualifiedTable } from '../database/database.options';
import type { QueueRegistry } from '../queue/queue.registry';
import type { OutboxMessage } from './outbox.types';

/** Where messages go; the default puts them on BullMQ queues. Tests can wrap it to watch. */
export interface OutboxPublisher {
  publish(queueName: string, messages: readonly OutboxMessage[]): Promise<void>;
}

/** Job name = event type; job id = event id, so a re-publish after a crash is a no-op in BullMQ. */
export class BullMqOutboxPublisher implements OutboxPublisher {
  constructor(
    private readonly queues: QueueRegistry,
    private readonly jobOptions: JobsOptions = {},
  ) {}

  async publish(queueName: string, messages: readonly OutboxMessage[]): Promise<void> {
    await this.queues.get<OutboxMessage>(queueName).addBulk(messages.map((m) => ({ name: m.type, data: m, opts: { ...this.jobOptions, jobId: m.id } })));
  }
}

export interface OutboxRelayOptions {
  /** Queue names (without prefix) each event goes to; one queue per consuming service. */
  readonly destinations: readonly string[] | ((eventType: string) => readonly string[]);
  readonly batchSize?: number;
  readonly pollIntervalMs?: number;
}

interface OutboxRow {
  id: string;
  type: string;
  aggregate_id: string | null;
  payload: unknown;
  occurred_at: Date;
}

/**
 * Moves committed outbox rows to the queue. Rows are claimed with FOR UPDATE SKIP LOCKED, so any
 * number of relays (replicas) can run: each row is published by one of them, and marked published
 * in the same transaction. A crash after publishing but before the commit republishes the same
 * job id, which BullMQ ignores while the job is retained; consumers dedupe by event id anyway.
 */
export class OutboxRelay {
  private readonly batchSize: number;
  private readonly pollIntervalMs: number;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private rerun = false;
  private started = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly publisher: OutboxPublisher,
    private readonly options: OutboxRelayOptions,
    private readonly logger?: LoggerService,
  ) {
    this.batchSize = options.batchSize ?? 100;
    this.pollIntervalMs = options.pollIntervalMs ?? 1000;
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
    if (this.started) void this.runExclusive();
  }

  /** Publishes everything pending, batch after batch; returns how many events it published. */
  async relayOnce(): Promise<number> {
    let total = 0;
    for (;;) {
      const n = await this.relayBatch();
      total += n;
      if (n < this.batchSize) return total;
    }
  }

  private schedule(delay: number): void {
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.runExclusive().finally(() => {
        if (this.started && !this.timer) this.schedule(this.pollIntervalMs);
      });
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

  private destinationsOf(type: string): readonly string[] {
    const d = this.options.destinations;
    return typeof d === 'function' ? d(type) : d;
  }

  private async relayBatch(): Promise<number> {
    const table = qualifiedTable(this.dataSource, 'outbox_event');
    let claimed: string[] = [];
    try {
      return await this.dataSource.transaction(async (manager) => {
        const rows = (await manager.query(
          `SELECT id, type, aggregate_id, payload, occurred_at FROM ${table}
            WHERE published_at IS NULL ORDER BY seq LIMIT $1 FOR UPDATE SKIP LOCKED`,
          [this.batchSize],
        )) as OutboxRow[];
        if (rows.length === 0) return 0;
        claimed = rows.map((r) => r.id);
        const byQueue = new Map<string, OutboxMessage[]>();
        for (const row of rows) {
          const message: OutboxMessage = {
            id: row.id,
            type: row.type,
            occurredAt: new Date(row.occurred_at).toISOString(),
            ...(row.aggregate_id !== null ? { aggregateId: row.aggregate_id } : {}),
            payload: row.payload,
          };
          for (const queue of this.destinationsOf(row.type)) byQueue.set(queue, [...(byQueue.get(queue) ?? []), message]);
        }
        for (const [queue, messages] of byQueue) await this.publisher.publish(queue, messages);
        await manager.query(`UPDATE ${table} SET published_at = now(), attempts = attempts + 1, last_error = NULL WHERE id = ANY($1::uuid[])`, [claimed]);
        return rows.length;
      });
    } catch (error) {
      if (claimed.length > 0) {
        const reason = error instanceof Error ? error.message : String(error);
        await this.dataSource
          .query(`UPDATE ${table} SET attempts = attempts + 1, last_error = $2 WHERE id = ANY($1::uuid[]) AND published_at IS NULL`, [claimed, reason.slice(0, 1000)])
          .catch(() => undefined);
      }
      throw error;
    }
  }
}

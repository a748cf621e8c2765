import type { DataSource, EntityManager } from 'typeorm';
import { qualifiedTable } from '@inps/shared';
import type { OutcomeToRecord } from '../outcomes/outcomes.service';

interface Waiting {
  readonly item: OutcomeToRecord & { readonly type: string };
  resolve(applied: boolean): void;
  reject(error: unknown): void;
}

/** At most this many events per transaction (the arrays of one statement stay small). */
const MAX_SCREENING_BATCH = 500;

/**
 * Group commit for screening.completed. Every screening increments the same country-level
 * rollup rows, so one transaction per event serialises the worker on those row locks, each held
 * until its commit is on disk: about one event per fsync. Instead, events that arrive while a
 * transaction is committing wait, and the next transaction applies all of them: the dedupe rows
 * (the same `processed_event` table and consumer name as consumeOnce) and the effect still commit
 * together, so the guarantee is unchanged. A batch that fails is applied again event by event,
 * so one bad event fails alone and the others are not held back by its retries.
 */
export class ScreeningBatcher {
  private readonly waiting: Waiting[] = [];
  private running = 0;

  constructor(
    private readonly dataSource: DataSource,
    private readonly consumer: string,
    private readonly apply: (manager: EntityManager, items: readonly OutcomeToRecord[]) => Promise<unknown>,
  ) {}

  /** Resolves once the event is committed: true when it had an effect, false for a duplicate delivery. */
  submit(item: OutcomeToRecord & { readonly type: string }): Promise<boolean> {
    return new Promise<boolean>((resolve, reject) => {
      this.waiting.push({ item, resolve, reject });
      this.pump();
    });
  }

  /**
   * One batch at a time per process: two at once measured no faster here (they queue on the same
   * country rows). Rows are locked in key order by every batch, so workers in other processes
   * only wait for each other, never deadlock.
   */
  private pump(): void {
    while (this.running < 1 && this.waiting.length > 0) {
      const batch = this.waiting.splice(0, MAX_SCREENING_BATCH);
      this.running += 1;
      void this.run(batch)
        // run() settles every waiter itself; should it throw all the same, no waiter is left hanging
        // and the failure reaches each event's job, which logs it.
        .catch((error: unknown) => batch.forEach((w) => w.reject(error)))
        .finally(() => {
          this.running -= 1;
          this.pump();
        });
    }
  }

  private async run(batch: readonly Waiting[]): Promise<void> {
    try {
      const applied = await this.commit(batch.map((w) => w.item));
      batch.forEach((w, i) => w.resolve(applied[i]));
    } catch {
      for (const w of batch) {
        try {
          w.resolve((await this.commit([w.item]))[0]);
        } catch (error) {
          w.reject(error);
        }
      }
    }
  }

  /** Whether each event was new to this consumer (a redelivered one changes nothing). */
  private async commit(items: readonly (OutcomeToRecord & { readonly type: string })[]): Promise<boolean[]> {
    const table = qualifiedTable(this.dataSource, 'processed_event');
    return this.dataSource.transaction(async (manager) => {
      const inserted = (await manager.query(
        // In id order, like the rollup rows: two workers given the same events never wait on each other in a cycle.
        `INSERT INTO ${table} (consumer, event_id, event_type) SELECT $1, e.id, e.type FROM unnest($2::uuid[], $3::text[]) AS e(id, type) ORDER BY e.id
         ON CONFLICT (consumer, event_id) DO NOTHING RETURNING event_id`,
        [this.consumer, items.map((i) => i.eventId), items.map((i) => i.type)],
      )) as { event_id: string }[];
      const fresh = new Set(inserted.map((r) => r.event_id));
      // The same event twice in one batch: the first copy applies, the second is a duplicate.
      const claimed = new Set<string>();
      const applied = items.map((i) => {
        const first = fresh.has(i.eventId) && !claimed.has(i.eventId);
        if (first) claimed.add(i.eventId);
        return first;
      });
      await this.apply(
        manager,
        items.filter((_, index) => applied[index]),
      );
      return applied;
    });
  }
}

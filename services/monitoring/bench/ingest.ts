/**
 * The ingest measurement shared by this benchmark and bench/system/monitoring-scale.ts: events
 * through EventsConsumer.handle (the worker's handler) with the rollup fold running beside it as the
 * worker runs it, then the fold left to drain; and, in the same run, the baseline: the same events'
 * outcome rows written by bare INSERTs, nothing else.
 */
import type { DataSource } from 'typeorm';
import type { OutboxMessage } from '@inps/shared';
import { semesterOf } from '../src/domain';
import type { EventsConsumer } from '../src/modules/events/events.consumer';
import type { RollupFolder } from '../src/modules/outcomes/rollup-folder';

export interface IngestTiming {
  events: number;
  /** Until every event's transaction had committed (the event is counted by the rollup views from then on). */
  commitSeconds: number;
  /** After that, until nothing was left pending (the fold had caught up). */
  drainSeconds: number;
}

const since = (from: bigint): number => Number(process.hrtime.bigint() - from) / 1e9;

/** Runs `work` over the items with at most `concurrency` in flight. */
export async function pool<T>(items: readonly T[], concurrency: number, work: (item: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) await work(items[next++] as T);
    }),
  );
}

export async function timeIngest(
  consumer: EventsConsumer,
  folder: RollupFolder,
  events: readonly OutboxMessage[],
  concurrency: number,
  foldEveryMs: number,
): Promise<IngestTiming> {
  let ingesting = true;
  // The worker's schedule: a round (fold until nothing is pending), a pause, another round.
  const folding = (async () => {
    while (ingesting) {
      await new Promise((resolve) => setTimeout(resolve, foldEveryMs));
      await folder.foldAll();
    }
  })();
  const started = process.hrtime.bigint();
  try {
    await pool(events, concurrency, (e) => consumer.handle(e));
  } finally {
    ingesting = false;
  }
  const commitSeconds = since(started);
  await folding;
  const drainStarted = process.hrtime.bigint();
  await folder.foldAll();
  return { events: events.length, commitSeconds, drainSeconds: since(drainStarted) };
}

/**
 * The floor under any ingest design: the events' outcome rows appended to a table shaped like
 * screening_outcome (same indexes), 500 per INSERT like the batcher's batches, one at a time;
 * no dedupe, no rollup. Returns the seconds taken.
 */
export async function timeRawInsert(ds: DataSource, events: readonly OutboxMessage[]): Promise<number> {
  await ds.query(`DROP TABLE IF EXISTS bench_raw_outcome`);
  await ds.query(`CREATE TABLE bench_raw_outcome (LIKE screening_outcome INCLUDING ALL)`);
  const started = process.hrtime.bigint();
  for (let i = 0; i < events.length; i += 500) {
    const batch = events
      .slice(i, i + 500)
      .map((e) => ({ id: e.id, p: e.payload as Record<string, unknown> & { day: string; verdicts: { status: string }[] } }));
    const col = (pick: (r: (typeof batch)[number]) => unknown) => batch.map(pick);
    await ds.query(
      `INSERT INTO bench_raw_outcome (screening_id, event_id, rule_set_id, day, semester, comune_code, organisation_id, channel, mode, age_band,
         household_size_band, verdicts, likely_count, stopped_for, unknown_facts)
       SELECT o.*, '{}'::text[], '{}'::text[] FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::date[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[],
         $11::text[], $12::jsonb[], $13::int[]) AS o`,
      [
        col((r) => r.p.screeningId),
        col((r) => r.id),
        col((r) => r.p.ruleSetId),
        col((r) => r.p.day),
        col((r) => semesterOf(r.p.day).id),
        col((r) => r.p.territory),
        col((r) => r.p.organisationId),
        col((r) => r.p.channel),
        col((r) => r.p.mode),
        col((r) => r.p.ageBand),
        col((r) => r.p.householdSizeBand),
        col((r) => JSON.stringify(r.p.verdicts)),
        col((r) => r.p.verdicts.filter((v) => v.status === 'LIKELY_ELIGIBLE').length),
      ],
    );
  }
  const seconds = since(started);
  await ds.query(`DROP TABLE bench_raw_outcome`);
  return seconds;
}

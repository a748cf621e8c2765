import type { DataSource } from 'typeorm';
import { qualifiedTable } from '../database/database.options';
import type { Metrics } from '../metrics/metrics';
import { withTimeout } from '../util/with-timeout';

interface Sighting {
  readonly at: number;
  readonly maxSeq: bigint;
}

/** Enough for days of scrapes during an outage; past it the earliest sighting is kept, which is the one that matters. */
const MAX_SIGHTINGS = 10_000;

/**
 * Reads the outbox backlog at scrape time: how many rows wait, and how long the oldest has waited.
 * The table keeps the day of an event, never its instant (a screening's time could name a person),
 * so the age is measured from the scrapes: a row whose sequence number is at most the highest one
 * pending at an earlier scrape was already waiting then. The age is therefore "since this process
 * first saw it waiting", exact to a scrape interval, and starts at 0 when the process starts.
 */
export function outboxBacklogCollector(dataSource: DataSource, metrics: Metrics, now: () => number = Date.now): () => Promise<void> {
  let sightings: Sighting[] = [];
  return async () => {
    const table = qualifiedTable(dataSource, 'outbox_event');
    const rows = (await withTimeout(
      dataSource.query(`SELECT count(*)::int AS n, min(seq)::text AS min_seq, max(seq)::text AS max_seq FROM ${table} WHERE published_to IS NULL`),
      2000,
      'the database',
    )) as { n: number; min_seq: string | null; max_seq: string | null }[];
    const row = rows[0];
    const at = now();
    if (!row || row.n === 0 || row.min_seq === null || row.max_seq === null) {
      sightings = [];
      metrics.outboxUnpublished.set(0);
      metrics.outboxOldestAge.set(0);
      return;
    }
    const minSeq = BigInt(row.min_seq);
    // Sightings that ended before the oldest row still waiting say nothing about it.
    const firstRelevant = sightings.findIndex((s) => s.maxSeq >= minSeq);
    sightings = firstRelevant < 0 ? [] : sightings.slice(firstRelevant);
    const waitingSince = sightings[0]?.at ?? at;
    sightings.push({ at, maxSeq: BigInt(row.max_seq) });
    if (sightings.length > MAX_SIGHTINGS) sightings.splice(1, 1);
    metrics.outboxUnpublished.set(row.n);
    metrics.outboxOldestAge.set((at - waitingSince) / 1000);
  };
}

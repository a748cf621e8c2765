import type { DataSource } from 'typeorm';
import { Metrics } from '../metrics/metrics';
import { outboxBacklogCollector } from './outbox.backlog';

/** A DataSource that answers the backlog query with what the test says is pending. */
function fakeDataSource(pending: () => { n: number; min: number; max: number } | undefined): DataSource {
  return {
    options: { schema: 'svc' },
    driver: { escape: (s: string) => `"${s}"` },
    query: async () => {
      const p = pending();
      return [p ? { n: p.n, min_seq: String(p.min), max_seq: String(p.max) } : { n: 0, min_seq: null, max_seq: null }];
    },
  } as unknown as DataSource;
}

async function gauges(metrics: Metrics): Promise<{ rows: number; age: number }> {
  const value = async (name: string): Promise<number> => ((await metrics.registry.getSingleMetric(name)?.get())?.values[0]?.value as number) ?? Number.NaN;
  return { rows: await value('inps_outbox_unpublished_rows'), age: await value('inps_outbox_oldest_unpublished_age_seconds') };
}

describe('outbox backlog gauges', () => {
  it('ages the oldest pending row from the first scrape that saw it, and resets when the outbox drains', async () => {
    const metrics = new Metrics({ enabled: true, service: 'test' });
    let now = 1_000_000;
    let pending: { n: number; min: number; max: number } | undefined = { n: 2, min: 10, max: 11 };
    const collect = outboxBacklogCollector(
      fakeDataSource(() => pending),
      metrics,
      () => now,
    );

    await collect();
    expect(await gauges(metrics)).toEqual({ rows: 2, age: 0 });

    // 30 s later rows 10 and 11 still wait, and 12 came: the oldest has waited 30 s at least.
    now += 30_000;
    pending = { n: 3, min: 10, max: 12 };
    await collect();
    expect(await gauges(metrics)).toEqual({ rows: 3, age: 30 });

    // 10 and 11 went; 12 was already waiting at the previous scrape, 15 s ago.
    now += 15_000;
    pending = { n: 1, min: 12, max: 12 };
    await collect();
    expect(await gauges(metrics)).toEqual({ rows: 1, age: 15 });

    // A row newer than anything seen before is seen now for the first time.
    now += 15_000;
    pending = { n: 1, min: 20, max: 20 };
    await collect();
    expect(await gauges(metrics)).toEqual({ rows: 1, age: 0 });

    now += 5_000;
    pending = undefined;
    await collect();
    expect(await gauges(metrics)).toEqual({ rows: 0, age: 0 });
  });
});

import { APP_CONFIG, createTestApp, FixedClock, type OutboxMessage, type TestApp, testQueuePrefix, testRedisUrl } from '@inps/shared';
import { DataSource } from 'typeorm';
import { AppModule } from '../src/app.module';
import { monitoringConfig } from '../src/monitoring.config';
import { MONITORING_DATABASE } from '../src/migrations';
import { EventsConsumer } from '../src/modules/events/events.consumer';
import { AgreementsRegistryService } from '../src/modules/agreements-registry/agreements-registry.service';
import { EscalatedIssuesService } from '../src/modules/escalated-issues/escalated-issues.service';
import { GovernanceEventsService } from '../src/modules/governance-events/governance-events.service';
import { MobileUnitRequestsService } from '../src/modules/mobile-unit-requests/mobile-unit-requests.service';
import { OutreachEventsService } from '../src/modules/outreach-events/outreach-events.service';
import { OutcomesService } from '../src/modules/outcomes/outcomes.service';
import { RollupFolder } from '../src/modules/outcomes/rollup-folder';
import { ReportInputBuilder } from '../src/modules/reports/report-input.builder';
import { buildReportSnapshot, renderCsv } from '../src/modules/reports/render';
import { fakeTerritories, screeningEvent } from './helpers';

type Row = Record<string, unknown>;

const scopes = `(SELECT o.*, s.level, s.code FROM screening_outcome o CROSS JOIN LATERAL (VALUES
    ('country', 'IT'), ('comune', o.comune_code), ('province', o.province_code), ('region', o.region_code)) AS s(level, code)
  WHERE s.code IS NOT NULL) x`;

/** The three rollups computed from scratch out of the raw rows, in the rollup tables' column order. */
const RECOUNT = {
  screening: `SELECT semester, level, code AS territory_code, channel, count(*)::int AS screenings,
      count(*) FILTER (WHERE likely_count > 0)::int AS with_likely,
      count(*) FILTER (WHERE 'ISEE' = ANY(stopped_for))::int AS stopped_isee,
      count(*) FILTER (WHERE 'RESIDENCE' = ANY(stopped_for))::int AS stopped_residence
    FROM ${scopes} GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4`,
  benefit: `SELECT semester, level, code AS territory_code, v->>'benefitId' AS benefit_id, count(*)::int AS assessments,
      count(*) FILTER (WHERE v->>'status' = 'LIKELY_ELIGIBLE')::int AS likely,
      count(*) FILTER (WHERE v->>'status' = 'UNDETERMINED')::int AS undetermined
    FROM ${scopes} CROSS JOIN LATERAL jsonb_array_elements(x.verdicts) AS v GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4`,
  unknown_fact: `SELECT semester, level, territory_code, channel, fact, benefit_id, count(*)::int AS answers FROM (
      SELECT semester, level, code AS territory_code, channel, f AS fact, '' AS benefit_id FROM ${scopes} CROSS JOIN LATERAL unnest(x.unknown_facts) AS f
      UNION ALL
      SELECT semester, level, code, channel, f, v->>'benefitId' FROM ${scopes} CROSS JOIN LATERAL jsonb_array_elements(x.verdicts) AS v
        CROSS JOIN LATERAL jsonb_array_elements_text(coalesce(v->'unknownFacts', '[]'::jsonb)) AS f
    ) u GROUP BY 1, 2, 3, 4, 5, 6 ORDER BY 1, 2, 3, 4, 5, 6`,
} as const;
const ROLLUPS = Object.keys(RECOUNT) as (keyof typeof RECOUNT)[];
const KEYS = { screening: 4, benefit: 4, unknown_fact: 6 } as const;

/** A varied set of screenings: four places (one unknown), three channels, two semesters, every verdict status, don't-knows. */
function screenings(count: number, salt: number): OutboxMessage[] {
  const places = ['058091', '058120', '015146', null];
  const channels = ['desk', 'gazebo', 'mobile_unit'];
  const statuses = ['LIKELY_ELIGIBLE', 'NOT_ELIGIBLE', 'UNDETERMINED'];
  return Array.from({ length: count }, (_, n) => {
    const i = n + salt;
    // The ADI verdict lacks the ISEE on some undetermined ones, which then answered "I don't know" to it.
    const lacks = statuses[i % 3] === 'UNDETERMINED' && i % 2 === 0;
    return screeningEvent({
      territory: places[i % 4],
      organisationId: i % 4 === 3 ? null : `org-${i % 2}`,
      channel: channels[i % 3],
      day: i % 5 === 0 ? '2025-11-03' : `2026-0${1 + (i % 6)}-1${i % 10}`,
      verdicts: [
        { benefitId: 'ADI', status: statuses[i % 3], ...(lacks ? { unknownFacts: ['isee'] } : {}) },
        { benefitId: 'AUU', status: statuses[(i + 1) % 3] },
        ...(i % 7 === 0 ? [{ benefitId: 'BONUS_NIDO', status: 'LIKELY_ELIGIBLE' }] : []),
      ],
      stoppedFor: i % 6 === 0 ? ['ISEE'] : i % 6 === 1 ? ['RESIDENCE'] : [],
      ...(lacks ? { unknownFacts: ['isee', 'homeless'] } : i % 5 === 1 ? { unknownFacts: ['homeless'] } : {}),
    });
  });
}

/**
 * The rollups folded in batches (decision 0019-perf-ingest): recording a screening leaves it pending,
 * the views add the pending ones to the folded counters, the fold moves them. Whatever has been folded,
 * by however many workers at once, what is read equals a recount of the stored outcomes, and so do
 * the reports.
 */
describe('rollups folded in batches', () => {
  let t: TestApp<typeof monitoringConfig.fields>;
  let ds: DataSource;
  let consumer: EventsConsumer;
  let folder: RollupFolder;
  let builder: ReportInputBuilder;
  const clock = new FixedClock('2026-07-10T10:00:00Z');

  beforeAll(async () => {
    t = await createTestApp((config) => AppModule.forRoot(config, { clock, territories: fakeTerritories, withWorker: true }), {
      config: monitoringConfig,
      database: MONITORING_DATABASE,
      // The scheduled fold out of the way: the test folds when it means to.
      env: { REDIS_URL: testRedisUrl(), QUEUE_PREFIX: testQueuePrefix('mon-fold'), ROLLUP_FOLD_INTERVAL_MS: '600000' },
    });
    ds = t.app.get(DataSource);
    consumer = t.app.get(EventsConsumer);
    folder = t.app.get(RollupFolder);
    builder = t.app.get(ReportInputBuilder);
  });
  afterAll(() => t.close());

  const read = async (what: string, rollup: keyof typeof RECOUNT): Promise<Row[]> => {
    const order = Array.from({ length: KEYS[rollup] }, (_, i) => i + 1).join(', ');
    return (await ds.query(`SELECT * FROM ${what} ORDER BY ${order}`)) as Row[];
  };
  const recount = (rollup: keyof typeof RECOUNT): Promise<Row[]> => ds.query(RECOUNT[rollup]) as Promise<Row[]>;
  const pending = async (): Promise<number> => ((await ds.query(`SELECT count(*)::int AS n FROM rollup_pending`)) as { n: number }[])[0].n;

  it('reads a recount before and after the fold, and two workers ingesting and folding at once apply each screening once', async () => {
    // A second worker: its own connection pool, batcher and fold, on the same database.
    const other = new DataSource(ds.options);
    await other.initialize();
    try {
      const get = <T>(type: new (...args: never[]) => T): T => t.app.get(type);
      const otherConsumer = new EventsConsumer(
        other,
        t.app.get(APP_CONFIG),
        get(OutcomesService),
        get(AgreementsRegistryService),
        get(OutreachEventsService),
        get(MobileUnitRequestsService),
        get(EscalatedIssuesService),
        get(GovernanceEventsService),
      );
      const otherFolder = new RollupFolder(other);
      const submit = (e: OutboxMessage) => otherConsumer.handle(e);

      const first = screenings(120, 0);
      expect(await Promise.all(first.map((e) => consumer.handle(e)))).toEqual(first.map(() => true));
      expect(await pending()).toBe(120);
      for (const rollup of ROLLUPS) {
        expect(await read(`${rollup}_rollup_folded`, rollup)).toEqual([]);
        expect(await read(`${rollup}_rollup`, rollup)).toEqual(await recount(rollup));
      }

      // Both workers given the same new events (a redelivery landing on each) and the old ones again,
      // with both folds running all along.
      const second = screenings(200, 1000);
      const everything = [...second, ...first];
      let folding = true;
      const foldLoop = async (f: RollupFolder) => {
        let folded = 0;
        while (folding) folded += await f.foldOnce(37);
        return folded;
      };
      const folds = [foldLoop(folder), foldLoop(otherFolder)];
      const [mine, theirs] = await Promise.all([Promise.all(everything.map((e) => consumer.handle(e))), Promise.all(everything.map(submit))]);
      folding = false;
      const folded = (await Promise.all(folds)).reduce((a, b) => a + b, 0);
      // Each new event applied by exactly one of the two, the old ones by neither.
      expect(second.map((_, i) => Number(mine[i]) + Number(theirs[i]))).toEqual(second.map(() => 1));
      expect(mine.slice(second.length).concat(theirs.slice(second.length))).toEqual(Array(2 * first.length).fill(false));
      expect(folded).toBeGreaterThan(0);

      for (const rollup of ROLLUPS) expect(await read(`${rollup}_rollup`, rollup)).toEqual(await recount(rollup));
      await folder.foldAll();
      expect(await pending()).toBe(0);
      expect(((await ds.query(`SELECT count(*)::int AS n FROM screening_outcome`)) as { n: number }[])[0].n).toBe(320);
      for (const rollup of ROLLUPS) {
        const expected = await recount(rollup);
        expect(expected.length).toBeGreaterThan(0);
        expect(await read(`${rollup}_rollup_folded`, rollup)).toEqual(expected);
        expect(await read(`${rollup}_rollup`, rollup)).toEqual(expected);
      }
    } finally {
      await other.destroy();
    }
  });

  it('compiles the same reports from pending screenings, folded ones and rollups recounted the old way', async () => {
    await ds.query(`TRUNCATE screening_outcome, rollup_pending, screening_rollup_folded, benefit_rollup_folded, unknown_fact_rollup_folded CASCADE`);
    const events = screenings(150, 7);
    expect(await Promise.all(events.map((e) => consumer.handle(e)))).toEqual(events.map(() => true));

    const reports = async () => {
      const out: Record<string, { snapshot: unknown; csv: string }> = {};
      for (const code of [null, '12', '03']) {
        for (const semester of ['2026S1', '2025S2']) {
          const snapshot = buildReportSnapshot(await builder.build(ds.manager, semester, builder.scopeOf(code), 1, clock.now()));
          out[`${code ?? 'IT'} ${semester}`] = { snapshot, csv: renderCsv(snapshot) };
        }
      }
      return out;
    };
    // 1. Every screening pending: the views add them all.
    expect(await pending()).toBe(150);
    const fromPending = await reports();
    const national = fromPending['IT 2026S1'].snapshot as { indicators: { indicatorId: string; numerator: number | null }[] };
    expect(national.indicators.find((i) => i.indicatorId === 'screening.completed')?.numerator).toBe(
      ((await ds.query(`SELECT count(*)::int AS n FROM screening_outcome WHERE semester = '2026S1'`)) as { n: number }[])[0].n,
    );

    // 2. Half folded, half pending; then all folded.
    await folder.foldOnce(75);
    expect(await pending()).toBe(75);
    expect(await reports()).toEqual(fromPending);
    await folder.foldAll();
    expect(await pending()).toBe(0);
    expect(await reports()).toEqual(fromPending);

    // 3. The old path's tables: every rollup row a recount of the raw rows at every level, nothing pending.
    for (const rollup of ROLLUPS) {
      await ds.query(`TRUNCATE ${rollup}_rollup_folded`);
      await ds.query(`INSERT INTO ${rollup}_rollup_folded ${RECOUNT[rollup]}`);
    }
    expect(await reports()).toEqual(fromPending);
  });
});

import { buildDataSourceOptions, createTestDatabase, runMigrations, type TestDatabase } from '@inps/shared';
import { loadTerritoryRegistry } from '@inps/territories';
import { DataSource } from 'typeorm';
import { validateReturn } from '../src/domain';
import { MONITORING_DATABASE } from '../src/migrations';
import { parseSeedArguments } from '../src/modules/seed/seed.cli';
import { seedMonitoring, SeedRefusedError } from '../src/modules/seed/monitoring.seeder';

type Row = Record<string, unknown>;

describe('seed generator', () => {
  let db: TestDatabase;
  let ds: DataSource;
  const registry = loadTerritoryRegistry();

  beforeAll(async () => {
    db = await createTestDatabase('mon_seed');
    ds = new DataSource(buildDataSourceOptions({ url: db.url, ...MONITORING_DATABASE }));
    await ds.initialize();
    await runMigrations(ds);
  }, 30_000);
  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  /** The rollups computed from scratch out of the raw rows (as in events.spec.ts). */
  async function recount(): Promise<{ screenings: Row[]; benefits: Row[]; unknown: Row[] }> {
    const scopes = `(SELECT o.*, s.level, s.code FROM screening_outcome o CROSS JOIN LATERAL (VALUES
        ('country', 'IT'), ('comune', o.comune_code), ('province', o.province_code), ('region', o.region_code)) AS s(level, code)
      WHERE s.code IS NOT NULL) x`;
    const screenings = (await ds.query(`
      SELECT semester, level, code AS territory_code, channel, count(*)::int AS screenings,
        count(*) FILTER (WHERE likely_count > 0)::int AS with_likely,
        count(*) FILTER (WHERE 'ISEE' = ANY(stopped_for))::int AS stopped_isee,
        count(*) FILTER (WHERE 'RESIDENCE' = ANY(stopped_for))::int AS stopped_residence
      FROM ${scopes} GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4`)) as Row[];
    const benefits = (await ds.query(`
      SELECT semester, level, code AS territory_code, v->>'benefitId' AS benefit_id, count(*)::int AS assessments,
        count(*) FILTER (WHERE v->>'status' = 'LIKELY_ELIGIBLE')::int AS likely,
        count(*) FILTER (WHERE v->>'status' = 'UNDETERMINED')::int AS undetermined
      FROM ${scopes} CROSS JOIN LATERAL jsonb_array_elements(x.verdicts) AS v GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4`)) as Row[];
    const unknown = (await ds.query(`
      SELECT semester, level, code AS territory_code, channel, fact, benefit_id, count(*)::int AS answers FROM (
        SELECT x.semester, x.level, x.code, x.channel, f AS fact, '' AS benefit_id FROM ${scopes} CROSS JOIN LATERAL unnest(x.unknown_facts) AS f
        UNION ALL
        SELECT x.semester, x.level, x.code, x.channel, f, v->>'benefitId' FROM ${scopes} CROSS JOIN LATERAL jsonb_array_elements(x.verdicts) AS v
          CROSS JOIN LATERAL jsonb_array_elements_text(coalesce(v->'unknownFacts', '[]'::jsonb)) AS f
      ) u GROUP BY 1, 2, 3, 4, 5, 6 ORDER BY 1, 2, 3, 4, 5, 6`)) as Row[];
    return { screenings, benefits, unknown };
  }
  const unknownRollup = async (): Promise<Row[]> =>
    (await ds.query(`SELECT semester, level, territory_code, channel, fact, benefit_id, answers FROM unknown_fact_rollup ORDER BY 1, 2, 3, 4, 5, 6`)) as Row[];

  it('fills a semester with the requested counts, rollups equal to a recount of the raw rows, and refuses to fill it twice', async () => {
    // Small transactions, so that several batches add to the same rollup rows.
    const counts = await seedMonitoring(ds, registry, { screenings: 3000, followUps: 250, semester: '2026S1', seed: 7, batchSize: 700 });
    expect(counts).toMatchObject({ screenings: 3000, followUps: 250 });

    const [raw] = (await ds.query(`SELECT count(*)::int AS screenings, count(DISTINCT region_code)::int AS regions,
        count(*) FILTER (WHERE comune_code IS NOT NULL AND (province_code IS NULL OR region_code IS NULL))::int AS without_ancestors
      FROM screening_outcome WHERE semester = '2026S1'`)) as { screenings: number; regions: number; without_ancestors: number }[];
    expect(raw.screenings).toBe(3000);
    expect(raw.without_ancestors).toBe(0);
    // Spread over Italy, not piled on one comune.
    expect(raw.regions).toBeGreaterThanOrEqual(15);

    const [f] = (await ds.query(`SELECT count(*)::int AS follow_ups,
        count(*) FILTER (WHERE f.day < s.day OR f.semester <> s.semester)::int AS out_of_order,
        (SELECT count(*)::int FROM follow_up_application) AS applications
      FROM follow_up f JOIN screening_outcome s USING (screening_id)`)) as { follow_ups: number; out_of_order: number; applications: number }[];
    expect(f).toEqual({ follow_ups: 250, out_of_order: 0, applications: counts.applications });

    const rollups = {
      screenings: (await ds.query(`SELECT semester, level, territory_code, channel, screenings, with_likely, stopped_isee, stopped_residence
        FROM screening_rollup ORDER BY 1, 2, 3, 4`)) as Row[],
      benefits: (await ds.query(
        `SELECT semester, level, territory_code, benefit_id, assessments, likely, undetermined FROM benefit_rollup ORDER BY 1, 2, 3, 4`,
      )) as Row[],
    };
    const expected = await recount();
    expect(rollups.screenings).toEqual(expected.screenings);
    expect(rollups.benefits).toEqual(expected.benefits);
    expect(expected.benefits.some((r) => r.benefit_id === 'assegno-inclusione')).toBe(true);
    // "I don't know" answers too, and some of them left a benefit undetermined.
    expect(await unknownRollup()).toEqual(expected.unknown);
    expect(expected.unknown.some((r) => r.fact === 'isee' && r.benefit_id === '')).toBe(true);
    expect(expected.unknown.some((r) => r.fact === 'isee' && r.benefit_id === 'assegno-inclusione')).toBe(true);

    const returns = (await ds.query(`SELECT semester, dataset_version, "values" FROM partner_return`)) as {
      semester: string;
      dataset_version: string;
      values: unknown;
    }[];
    expect(returns.length).toBe(counts.returns);
    expect(returns.length).toBeGreaterThan(0);
    for (const r of returns) expect(validateReturn({ datasetVersion: r.dataset_version, semester: r.semester, values: r.values })).toMatchObject({ ok: true });
    const [events] = (await ds.query(`SELECT count(*)::int AS n FROM outreach_event WHERE semester = '2026S1'`)) as { n: number }[];
    expect(events.n).toBe(counts.outreachEvents);

    await expect(seedMonitoring(ds, registry, { screenings: 10, followUps: 1, semester: '2026S1', seed: 7 })).rejects.toThrow(SeedRefusedError);
    const [after] = (await ds.query(`SELECT count(*)::int AS n FROM screening_outcome`)) as { n: number }[];
    expect(after.n).toBe(3000);

    // The same seed for another semester: other ids, the agreements shared, the rollups still a recount.
    const next = await seedMonitoring(ds, registry, { screenings: 500, followUps: 40, semester: '2026S2', seed: 7 });
    expect(next).toMatchObject({ screenings: 500, followUps: 40, agreements: counts.agreements, expectedReporters: counts.expectedReporters });
    const [both] = (await ds.query(`SELECT count(*)::int AS n, (SELECT count(*)::int FROM agreement_state) AS agreements FROM screening_outcome`)) as {
      n: number;
      agreements: number;
    }[];
    expect(both).toEqual({ n: 3500, agreements: counts.agreements });
    const again = await recount();
    expect(
      await ds.query(`SELECT semester, level, territory_code, benefit_id, assessments, likely, undetermined FROM benefit_rollup ORDER BY 1, 2, 3, 4`),
    ).toEqual(again.benefits);
    expect(await unknownRollup()).toEqual(again.unknown);
  }, 60_000);

  it('reads its flags, defaulting follow-ups to a tenth of the screenings, and names a bad one', () => {
    expect(parseSeedArguments(['--screenings', '1000000'])).toMatchObject({ screenings: 1_000_000, followUps: 100_000, semester: '2026S1' });
    expect(parseSeedArguments(['--screenings=50', '--follow-ups', '7', '--seed', '3', '--semester', '2025S2'])).toMatchObject({
      screenings: 50,
      followUps: 7,
      seed: 3,
      semester: '2025S2',
    });
    expect(() => parseSeedArguments(['--screenings', '-3'])).toThrow(/--screenings/);
    expect(() => parseSeedArguments(['--rows', '3'])).toThrow(/unknown option --rows/);
  });
});

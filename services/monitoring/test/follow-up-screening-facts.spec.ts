import { buildDataSourceOptions, createTestDatabase, runMigrations, type TestDatabase } from '@inps/shared';
import { loadTerritoryRegistry } from '@inps/territories';
import { DataSource } from 'typeorm';
import { MONITORING_DATABASE } from '../src/migrations';
import { FollowUpScreeningFacts1765500000000 } from '../src/migrations/1765500000000-follow-up-screening-facts';
import { seedMonitoring } from '../src/modules/seed/monitoring.seeder';

type Row = Record<string, unknown>;

/**
 * The reports read a follow-up's screening day, place and age band from the follow-up row
 * (migration 1765500000000): these must be the screening's, for rows written after the migration
 * (by its trigger) and for rows that existed before it (by its backfill).
 */
describe('follow-ups carry their screening facts', () => {
  let db: TestDatabase;
  let ds: DataSource;

  beforeAll(async () => {
    db = await createTestDatabase('mon_fu_facts');
    ds = new DataSource(buildDataSourceOptions({ url: db.url, ...MONITORING_DATABASE }));
    await ds.initialize();
    await runMigrations(ds);
    await seedMonitoring(ds, loadTerritoryRegistry(), { screenings: 2000, followUps: 400, semester: '2026S1', seed: 5, batchSize: 600 });
  }, 60_000);
  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  const copied = async (): Promise<Row[]> =>
    (await ds.query(
      `SELECT f.id::text, f.screening_day::text AS day, f.comune_code, f.province_code, f.region_code, f.age_band FROM follow_up f ORDER BY f.id`,
    )) as Row[];
  const fromScreenings = async (): Promise<Row[]> =>
    (await ds.query(`SELECT f.id::text, s.day::text AS day, s.comune_code, s.province_code, s.region_code, s.age_band
      FROM follow_up f JOIN screening_outcome s USING (screening_id) ORDER BY f.id`)) as Row[];

  it('are copied when a follow-up is written, and filled for existing rows by the migration', async () => {
    const expected = await fromScreenings();
    expect(expected).toHaveLength(400);
    // Screenings without a comune (self-assessments) are among them: the copy keeps their NULLs.
    expect(expected.some((r) => r.comune_code === null)).toBe(true);
    expect(await copied()).toEqual(expected);

    // Follow-ups written before the migration: take it back (the columns go), then apply it again (the backfill).
    const runner = ds.createQueryRunner();
    try {
      const migration = new FollowUpScreeningFacts1765500000000();
      await migration.down(runner);
      const [columns] = (await ds.query(
        `SELECT count(*)::int AS n FROM information_schema.columns WHERE table_name = 'follow_up' AND column_name = 'screening_day'`,
      )) as {
        n: number;
      }[];
      expect(columns.n).toBe(0);
      await migration.up(runner);
    } finally {
      await runner.release();
    }
    expect(await copied()).toEqual(expected);
  });
});

import { DataSource, type MigrationInterface, type QueryRunner } from 'typeorm';
import {
  buildDataSourceOptions,
  createOutboxMigration,
  createTestDatabase,
  inTransaction,
  mapDatabaseError,
  qualifiedTable,
  runMigrations,
  type TestDatabase,
} from '../src';

jest.setTimeout(30_000);

/** Slow on purpose, so that two runners started together overlap. */
class CreateWidgets1763000000000 implements MigrationInterface {
  readonly name = 'CreateWidgets1763000000000';
  async up(runner: QueryRunner): Promise<void> {
    await runner.query('SELECT pg_sleep(0.5)');
    await runner.query(`CREATE TABLE ${qualifiedTable(runner.connection, 'widget')} (id uuid PRIMARY KEY, name text NOT NULL UNIQUE)`);
  }
  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE ${qualifiedTable(runner.connection, 'widget')}`);
  }
}

const migrations = [createOutboxMigration(), CreateWidgets1763000000000];

describe('database', () => {
  let db: TestDatabase;
  const open: DataSource[] = [];

  async function dataSource(schema: string): Promise<DataSource> {
    const ds = new DataSource(buildDataSourceOptions({ url: db.url, schema, migrations }));
    await ds.initialize();
    open.push(ds);
    return ds;
  }

  beforeAll(async () => {
    db = await createTestDatabase('db');
  });

  afterAll(async () => {
    await Promise.all(open.map((ds) => ds.destroy()));
    await db.drop();
  });

  it('runs migrations once when two replicas start together (advisory lock)', async () => {
    const [a, b] = await Promise.all([dataSource('svc'), dataSource('svc')]);
    const [ranByA, ranByB] = await Promise.all([runMigrations(a), runMigrations(b)]);
    expect(ranByA.length + ranByB.length).toBe(migrations.length);
    expect([ranByA.length, ranByB.length].sort()).toEqual([0, migrations.length]);
    const rows = (await a.query('SELECT name FROM svc.migrations ORDER BY name')) as { name: string }[];
    expect(rows.map((r) => r.name)).toEqual(['CreateOutboxEvent1700000000001', 'CreateWidgets1763000000000']);
    // A later start finds nothing to do.
    await expect(runMigrations(b)).resolves.toEqual([]);
  });

  it('without the lock the same race breaks (so the test above can fail)', async () => {
    const [a, b] = await Promise.all([dataSource('racy'), dataSource('racy')]);
    await a.query('CREATE SCHEMA racy');
    const results = await Promise.allSettled([a.runMigrations({ transaction: 'each' }), b.runMigrations({ transaction: 'each' })]);
    expect(results.some((r) => r.status === 'rejected')).toBe(true);
  });

  it('gives each service its own schema in a shared database, with search_path on it', async () => {
    const alpha = await dataSource('alpha');
    const beta = await dataSource('beta');
    await runMigrations(alpha);
    await runMigrations(beta);
    const tables = (await alpha.query(
      "SELECT table_schema FROM information_schema.tables WHERE table_name = 'outbox_event' AND table_schema IN ('alpha', 'beta') ORDER BY 1",
    )) as { table_schema: string }[];
    expect(tables.map((t) => t.table_schema)).toEqual(['alpha', 'beta']);
    expect(await beta.query('SELECT current_schema() AS s')).toEqual([{ s: 'beta' }]);
    await alpha.query("INSERT INTO widget (id, name) VALUES (gen_random_uuid(), 'only in alpha')");
    expect(await beta.query('SELECT count(*)::int AS n FROM widget')).toEqual([{ n: 0 }]);
  });

  it('retries a transaction aborted by a serialization failure, and not other errors', async () => {
    const ds = await dataSource('alpha');
    let attempts = 0;
    const result = await inTransaction(ds, async (m) => {
      attempts++;
      if (attempts === 1) await m.query("DO $$ BEGIN RAISE EXCEPTION 'conflict' USING ERRCODE = '40001'; END $$");
      return 'done';
    });
    expect(result).toBe('done');
    expect(attempts).toBe(2);

    let other = 0;
    await expect(
      inTransaction(ds, async (m) => {
        other++;
        await m.query("DO $$ BEGIN RAISE EXCEPTION 'bad' USING ERRCODE = '22012'; END $$");
      }),
    ).rejects.toThrow('bad');
    expect(other).toBe(1);
  });

  it('maps real PostgreSQL errors to 409 and 400', async () => {
    const ds = await dataSource('alpha');
    await ds.query("INSERT INTO widget (id, name) VALUES (gen_random_uuid(), 'twin')");
    const duplicate = await ds.query("INSERT INTO widget (id, name) VALUES (gen_random_uuid(), 'twin')").catch((e: unknown) => e);
    expect(mapDatabaseError(duplicate)?.toBody()).toEqual({ error: { code: 'CONFLICT', message: 'A resource with the same identifier already exists' } });
    const badUuid = await ds.query('SELECT * FROM widget WHERE id = $1', ['not-a-uuid']).catch((e: unknown) => e);
    expect(mapDatabaseError(badUuid)?.status).toBe(400);
    expect(mapDatabaseError(badUuid)?.code).toBe('VALIDATION_FAILED');
  });
});

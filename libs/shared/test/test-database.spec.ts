import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import type { MigrationInterface, QueryRunner } from 'typeorm';
import { createTestDatabase, templateName, testDatabaseAdminUrl, type ServiceDatabase, type TestDatabase } from '../src';

jest.setTimeout(60_000);

class CreateThing1763000000000 implements MigrationInterface {
  readonly name = 'CreateThing1763000000000';
  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`CREATE TABLE thing (id int PRIMARY KEY)`);
  }
  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE thing`);
  }
}

class AddLabel1763000000001 implements MigrationInterface {
  readonly name = 'AddLabel1763000000001';
  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE thing ADD COLUMN label text`);
  }
  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE thing DROP COLUMN label`);
  }
}

class Broken1763000000002 implements MigrationInterface {
  readonly name = 'Broken1763000000002';
  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`SELECT * FROM nowhere`);
  }
  async down(): Promise<void> {}
}

class AddNote1763000000003 implements MigrationInterface {
  readonly name = 'AddNote1763000000003';
  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE thing ADD COLUMN note text`);
  }
  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE thing DROP COLUMN note`);
  }
}

async function admin<T>(work: (c: Client) => Promise<T>): Promise<T> {
  const c = new Client({ connectionString: testDatabaseAdminUrl() });
  await c.connect();
  try {
    return await work(c);
  } finally {
    await c.end();
  }
}

async function columns(url: string, schema: string): Promise<string[]> {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    const { rows } = await c.query<{ column_name: string }>(
      `SELECT column_name FROM information_schema.columns WHERE table_schema = $1 AND table_name = 'thing' ORDER BY ordinal_position`,
      [schema],
    );
    return rows.map((r) => r.column_name);
  } finally {
    await c.end();
  }
}

describe('test databases cloned from a migrated template', () => {
  // A schema of this file's own, so that its templates are its own too.
  const schema = `tt_${randomBytes(4).toString('hex')}`;
  const v1: ServiceDatabase = { schema, entities: [], migrations: [CreateThing1763000000000] };
  const v2: ServiceDatabase = { schema, entities: [], migrations: [CreateThing1763000000000, AddLabel1763000000001] };
  const made: TestDatabase[] = [];

  afterAll(async () => {
    await Promise.all(made.map((d) => d.drop()));
    await admin(async (c) => {
      const { rows } = await c.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname LIKE $1`, [`tmpl\\_${schema}\\_%`]);
      for (const { datname } of rows) {
        await c.query(`ALTER DATABASE "${datname}" WITH IS_TEMPLATE false`);
        await c.query(`DROP DATABASE "${datname}" WITH (FORCE)`);
      }
    });
  });

  it('gives each caller a migrated copy of one template, built once even when asked for in parallel', async () => {
    const copies = await Promise.all([createTestDatabase('tt', v1), createTestDatabase('tt', v1), createTestDatabase('tt', v1)]);
    made.push(...copies);
    expect(new Set(copies.map((d) => d.name)).size).toBe(3);
    for (const copy of copies) expect(await columns(copy.url, schema)).toEqual(['id']);
    const template = await admin((c) => c.query(`SELECT datistemplate, datallowconn FROM pg_database WHERE datname = $1`, [templateName(v1)]));
    expect(template.rows).toEqual([{ datistemplate: true, datallowconn: false }]);
  });

  it('makes a new template when the migrations change, and drops the old one once unused for an hour', async () => {
    expect(templateName(v2)).not.toBe(templateName(v1));
    // The v1 template, as if last used two hours ago.
    await admin((c) => c.query(`COMMENT ON DATABASE "${templateName(v1)}" IS '${Date.now() - 2 * 3600_000}'`));
    const copy = await createTestDatabase('tt', v2);
    made.push(copy);
    expect(await columns(copy.url, schema)).toEqual(['id', 'label']);
    const left = await admin((c) => c.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname LIKE $1`, [`tmpl\\_${schema}\\_%`]));
    expect(left.rows.map((r) => r.datname)).toEqual([templateName(v2)]);
  });

  it('leaves nothing behind when a migration fails, and keeps a template used within the hour', async () => {
    const broken: ServiceDatabase = { schema, entities: [], migrations: [CreateThing1763000000000, Broken1763000000002] };
    const log = jest.spyOn(console, 'log').mockImplementation(() => undefined); // TypeORM reports the failed migration
    await expect(createTestDatabase('tt', broken)).rejects.toThrow(/nowhere/);
    log.mockRestore();
    const other: ServiceDatabase = { schema, entities: [], migrations: [CreateThing1763000000000, AddNote1763000000003] };
    made.push(await createTestDatabase('tt', other));
    const left = await admin((c) => c.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname LIKE $1 ORDER BY 1`, [`tmpl\\_${schema}\\_%`]));
    expect(left.rows.map((r) => r.datname)).toEqual([templateName(v2), templateName(other)].sort());
    const building = await admin((c) =>
      c.query(`SELECT datname FROM pg_database WHERE datname LIKE 'tmpl\\_build\\_%' AND datname LIKE $1`, [`%\\_r${process.env.INPS_TEST_RUN}\\_%`]),
    );
    expect(building.rows).toEqual([]);
  });
});

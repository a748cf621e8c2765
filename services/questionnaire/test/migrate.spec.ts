import { bootstrapMigrate, buildDataSourceOptions, createTestDatabase, type TestDatabase } from '@inps/shared';
import { DataSource } from 'typeorm';
import { QUESTIONNAIRE_DATABASE } from '../src/migrations';
import { questionnaireConfig } from '../src/questionnaire.config';

/** What src/migrate.ts runs; that the result matches the entities is migration-drift.spec.ts's part. */
describe('the migrate process (src/migrate.ts)', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase('qmigrate');
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('migrates an empty database, and again without harm', async () => {
    const options = { config: questionnaireConfig, env: { DATABASE_URL: db.url, LOG_LEVEL: 'silent' } };
    await bootstrapMigrate(QUESTIONNAIRE_DATABASE, options);
    await bootstrapMigrate(QUESTIONNAIRE_DATABASE, options);
    expect(process.exitCode ?? 0).toBe(0);
    const ds = new DataSource(buildDataSourceOptions({ url: db.url, ...QUESTIONNAIRE_DATABASE }));
    await ds.initialize();
    try {
      const applied: { name: string }[] = await ds.query(`SELECT name FROM questionnaire.migrations ORDER BY id`);
      expect(applied).toHaveLength(QUESTIONNAIRE_DATABASE.migrations.length);
      const tables: { name: string }[] = await ds.query(`SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'questionnaire'`);
      expect(tables.map((t) => t.name)).toEqual(expect.arrayContaining(['rule_set', 'screening', 'outbox_event', 'idempotency_key']));
    } finally {
      await ds.destroy();
    }
  });
});

import { bootstrapMigrate, buildDataSourceOptions, createTestDatabase, runMigrations, type TestDatabase } from '@inps/shared';
import { DataSource } from 'typeorm';
import { QUESTIONNAIRE_DATABASE, questionnaireDatabase } from '../src/migrations';
import { resumeCodeDigest } from '../src/modules/screenings/resume-code';
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

  it('replaces the plain resume codes of existing screenings by their HMAC, keeping them usable', async () => {
    const old = await createTestDatabase('qmigrate-codes');
    const pepper = 'a-pepper-of-the-test-at-least-32-chars';
    const all = questionnaireDatabase(pepper);
    // Every migration before the one that hashes the codes: the database as it was.
    const hashing = all.migrations.findIndex((m) => typeof m === 'function' && m.name === 'HashResumeCodes1765000000000');
    expect(hashing).toBeGreaterThan(0);
    const before = new DataSource(buildDataSourceOptions({ url: old.url, ...all, migrations: all.migrations.slice(0, hashing) }));
    await before.initialize();
    try {
      await runMigrations(before);
      await before.query(
        `INSERT INTO questionnaire.rule_set (id, title, effective_from, status, source, definition, checksum)
         VALUES ('it-2026', '{}', '2026-01-01', 'draft', 'builtin', '{}', repeat('0', 64))`,
      );
      for (const code of ['AC3DEF4G', 'XY7K9PQR']) {
        await before.query(
          `INSERT INTO questionnaire.screening (resume_code, mode, language, channel, rule_set_id, as_of, status, answers, facts, created_on, last_activity_on, expires_on)
           VALUES ($1, 'self', 'it', 'self', 'it-2026', '2026-03-10', 'IN_PROGRESS', '[]', '{}', '2026-03-10', '2026-03-10', '2026-04-09')`,
          [code],
        );
      }
    } finally {
      await before.destroy();
    }
    const after = new DataSource(buildDataSourceOptions({ url: old.url, ...all }));
    await after.initialize();
    try {
      await runMigrations(after);
      const rows: { resume_code_hash: Buffer }[] = await after.query(`SELECT * FROM questionnaire.screening ORDER BY resume_code_hash`);
      expect(rows.every((r) => !('resume_code' in r))).toBe(true);
      const expected = ['AC3DEF4G', 'XY7K9PQR'].map((c) => resumeCodeDigest(c, pepper).toString('hex')).sort();
      expect(rows.map((r) => r.resume_code_hash.toString('hex')).sort()).toEqual(expected);
    } finally {
      await after.destroy();
      await old.drop();
    }
  });
});

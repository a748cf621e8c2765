import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Reference data copied from the committed files (territories, INPS units, organisations) so that
 * agreements, events and requests can reference them and reports can join on them. The files stay
 * the source of truth; the loader at start-up makes the tables match them.
 */
export class ReferenceData1764000000000 implements MigrationInterface {
  name = 'ReferenceData1764000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE territory (
        istat_code varchar(6) NOT NULL,
        level varchar(20) NOT NULL CHECK (level IN ('REGION', 'PROVINCE', 'METROPOLITAN_CITY', 'COMUNE')),
        name text NOT NULL,
        parent_code varchar(6) NOT NULL,
        region_code varchar(6),
        province_code varchar(6),
        acronym varchar(4),
        uts_code varchar(6),
        valid_from date,
        valid_to date,
        CHECK (valid_to IS NULL OR valid_from IS NULL OR valid_to >= valid_from)
      )`);
    // A code has one row per version; "since always" (NULL) must still be unique, hence the expression.
    await q.query(`CREATE UNIQUE INDEX territory_version_key ON territory (istat_code, (coalesce(valid_from, '-infinity'::date)))`);
    await q.query(`CREATE INDEX territory_parent_idx ON territory (parent_code)`);
    await q.query(`
      CREATE TABLE inps_unit (
        id varchar(64) PRIMARY KEY,
        kind varchar(48) NOT NULL,
        name text NOT NULL,
        short_name text NOT NULL,
        parent_id varchar(64) REFERENCES inps_unit(id) DEFERRABLE INITIALLY DEFERRED,
        covers text[] NOT NULL,
        excludes text[] NOT NULL DEFAULT '{}',
        valid_from date,
        valid_to date
      )`);
    await q.query(`
      CREATE TABLE organisation (
        id varchar(64) PRIMARY KEY,
        kind varchar(32) NOT NULL,
        name text NOT NULL,
        short_name text,
        territory_code varchar(6) NOT NULL,
        parent_id varchar(64) REFERENCES organisation(id) DEFERRABLE INITIALLY DEFERRED,
        demo boolean NOT NULL DEFAULT false,
        valid_from date,
        valid_to date
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE organisation`);
    await q.query(`DROP TABLE inps_unit`);
    await q.query(`DROP TABLE territory`);
  }
}

import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Referents per INPS unit and role. At most one primary referent per unit and role on any day:
 * the service checks it to answer with a clear message, and the exclusion constraint guarantees it
 * against concurrent writers and any other client of the database.
 */
export class Referents1764000300000 implements MigrationInterface {
  name = 'Referents1764000300000';

  async up(q: QueryRunner): Promise<void> {
    // btree_gist gives GiST the equality on varchar; default operator classes are found in any
    // schema, so it does not matter where another service installed it first.
    await q.query(`CREATE EXTENSION IF NOT EXISTS btree_gist WITH SCHEMA public`);
    await q.query(`
      CREATE TABLE referent (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        unit_id varchar(64) NOT NULL REFERENCES inps_unit(id),
        role varchar(32) NOT NULL CHECK (role IN ('PROGRAMME', 'MONITORING', 'MOBILE_UNIT', 'TECHNICAL_TABLE')),
        person_id text NOT NULL,
        full_name text NOT NULL,
        email text,
        is_primary boolean NOT NULL,
        valid_from date NOT NULL,
        valid_to date CHECK (valid_to IS NULL OR valid_to >= valid_from),
        version int NOT NULL DEFAULT 1,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT referent_one_primary EXCLUDE USING gist (
          unit_id WITH =, role WITH =, daterange(valid_from, valid_to, '[]') WITH &&
        ) WHERE (is_primary)
      )`);
    await q.query(`CREATE INDEX referent_unit_idx ON referent (unit_id, role, valid_from)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE referent`);
  }
}

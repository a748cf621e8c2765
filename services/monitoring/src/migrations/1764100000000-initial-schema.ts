import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Screening outcomes as received from the questionnaire, their incremental rollups (so that
 * dashboards and reports never scan raw rows) and the agreements' expected reporters.
 * Unqualified names: the connection's search_path is the service's schema.
 */
export class InitialSchema1764100000000 implements MigrationInterface {
  name = 'InitialSchema1764100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE screening_outcome (
        screening_id uuid PRIMARY KEY,
        event_id uuid NOT NULL,
        rule_set_id varchar(64) NOT NULL,
        day date NOT NULL,
        semester varchar(6) NOT NULL CHECK (semester ~ '^[0-9]{4}S[12]$'),
        comune_code varchar(6) CHECK (comune_code ~ '^[0-9]{6}$'),
        province_code varchar(6),
        region_code varchar(6),
        organisation_id varchar(64),
        channel varchar(16) NOT NULL CHECK (channel IN ('desk', 'mobile_unit', 'gazebo', 'phone', 'self')),
        mode varchar(8) NOT NULL CHECK (mode IN ('self', 'operator')),
        age_band varchar(8) NOT NULL,
        household_size_band varchar(8) NOT NULL,
        verdicts jsonb NOT NULL,
        likely_count integer NOT NULL CHECK (likely_count >= 0),
        stopped_for text[] NOT NULL DEFAULT '{}',
        received_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX screening_outcome_semester_idx ON screening_outcome (semester)`);

    // level: comune | province | region | country. Counters are only ever incremented, in the
    // transaction that records the screening, so a rollup always equals a recount.
    await q.query(`
      CREATE TABLE screening_rollup (
        semester varchar(6) NOT NULL,
        level varchar(8) NOT NULL CHECK (level IN ('comune', 'province', 'region', 'country')),
        territory_code varchar(6) NOT NULL,
        channel varchar(16) NOT NULL,
        screenings integer NOT NULL DEFAULT 0,
        with_likely integer NOT NULL DEFAULT 0,
        stopped_isee integer NOT NULL DEFAULT 0,
        stopped_residence integer NOT NULL DEFAULT 0,
        PRIMARY KEY (semester, level, territory_code, channel)
      )`);
    await q.query(`
      CREATE TABLE benefit_rollup (
        semester varchar(6) NOT NULL,
        level varchar(8) NOT NULL CHECK (level IN ('comune', 'province', 'region', 'country')),
        territory_code varchar(6) NOT NULL,
        benefit_id varchar(64) NOT NULL,
        assessments integer NOT NULL DEFAULT 0,
        likely integer NOT NULL DEFAULT 0,
        undetermined integer NOT NULL DEFAULT 0,
        PRIMARY KEY (semester, level, territory_code, benefit_id)
      )`);

    // What the agreement events said, merged field by field so that the result does not depend
    // on the order the events arrive in.
    await q.query(`
      CREATE TABLE agreement_state (
        agreement_id varchar(64) PRIMARY KEY,
        code varchar(64),
        kind varchar(64),
        organisations text[] NOT NULL DEFAULT '{}',
        territories text[] NOT NULL DEFAULT '{}',
        valid_from date,
        valid_to date,
        activated boolean NOT NULL DEFAULT false,
        ended_on date
      )`);
    await q.query(`
      CREATE TABLE expected_reporter (
        agreement_id varchar(64) NOT NULL REFERENCES agreement_state (agreement_id) ON DELETE CASCADE,
        organisation_id varchar(64) NOT NULL,
        territory_code varchar(6) NOT NULL,
        active_from date NOT NULL,
        active_to date,
        PRIMARY KEY (agreement_id, organisation_id, territory_code),
        CHECK (active_to IS NULL OR active_to >= active_from)
      )`);
    await q.query(`CREATE INDEX expected_reporter_org_idx ON expected_reporter (organisation_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['expected_reporter', 'agreement_state', 'benefit_rollup', 'screening_rollup', 'screening_outcome']) {
      await q.query(`DROP TABLE ${table}`);
    }
  }
}

import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Partners' semiannual returns and the trail of their workflow (reopenings are audited there). */
export class Returns1764100000002 implements MigrationInterface {
  name = 'Returns1764100000002';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE partner_return (
        organisation_id varchar(64) NOT NULL,
        territory_code varchar(6) NOT NULL,
        semester varchar(6) NOT NULL CHECK (semester ~ '^[0-9]{4}S[12]$'),
        dataset_version varchar(16) NOT NULL,
        "values" jsonb NOT NULL,
        status varchar(16) NOT NULL CHECK (status IN ('DRAFT', 'SUBMITTED', 'ACCEPTED', 'RETURNED')),
        first_submitted_at timestamptz,
        -- decided once, at the first submission: a return sent back and resubmitted stays on time
        on_time boolean,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (organisation_id, territory_code, semester),
        CHECK ((first_submitted_at IS NULL) = (on_time IS NULL))
      )`);
    await q.query(`CREATE INDEX partner_return_semester_idx ON partner_return (semester, territory_code)`);
    await q.query(`
      CREATE TABLE return_transition (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        organisation_id varchar(64) NOT NULL,
        territory_code varchar(6) NOT NULL,
        semester varchar(6) NOT NULL,
        action varchar(8) NOT NULL,
        from_status varchar(16) NOT NULL,
        to_status varchar(16) NOT NULL,
        actor_subject varchar(255) NOT NULL,
        actor_roles text[] NOT NULL,
        comment text,
        audited boolean NOT NULL,
        at timestamptz NOT NULL,
        FOREIGN KEY (organisation_id, territory_code, semester) REFERENCES partner_return (organisation_id, territory_code, semester)
      )`);
    await q.query(`CREATE INDEX return_transition_return_idx ON return_transition (organisation_id, territory_code, semester, id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE return_transition`);
    await q.query(`DROP TABLE partner_return`);
  }
}

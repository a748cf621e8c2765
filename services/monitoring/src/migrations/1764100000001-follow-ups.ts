import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Follow-ups ("presa in carico"): what a partner did for the person behind a screening. Codes
 * only (needs, help types, benefits, results and days): no personal data and no free text, so
 * nothing here can identify anyone.
 */
export class FollowUps1764100000001 implements MigrationInterface {
  name = 'FollowUps1764100000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE follow_up (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        screening_id uuid NOT NULL REFERENCES screening_outcome (screening_id),
        organisation_id varchar(64) NOT NULL,
        day date NOT NULL,
        semester varchar(6) NOT NULL CHECK (semester ~ '^[0-9]{4}S[12]$'),
        needs text[] NOT NULL DEFAULT '{}',
        help_types text[] NOT NULL DEFAULT '{}',
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        -- one follow-up per screening and partner: a second one would count the person twice
        UNIQUE (screening_id, organisation_id)
      )`);
    await q.query(`CREATE INDEX follow_up_org_idx ON follow_up (organisation_id, semester)`);
    await q.query(`
      CREATE TABLE follow_up_application (
        follow_up_id uuid NOT NULL REFERENCES follow_up (id) ON DELETE CASCADE,
        benefit_id varchar(64) NOT NULL,
        result varchar(8) NOT NULL DEFAULT 'PENDING' CHECK (result IN ('GRANTED', 'REJECTED', 'PENDING')),
        result_date date,
        PRIMARY KEY (follow_up_id, benefit_id),
        CHECK ((result = 'PENDING') = (result_date IS NULL))
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE follow_up_application`);
    await q.query(`DROP TABLE follow_up`);
  }
}

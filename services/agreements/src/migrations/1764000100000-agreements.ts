import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Agreements and the audit trail of their workflow. */
export class Agreements1764000100000 implements MigrationInterface {
  name = 'Agreements1764000100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE agreement (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        code varchar(64) NOT NULL UNIQUE,
        kind varchar(16) NOT NULL CHECK (kind IN ('FRAMEWORK', 'TERRITORIAL', 'LOCAL')),
        title text NOT NULL,
        legal_basis text,
        parent_id uuid REFERENCES agreement(id),
        amends_id uuid REFERENCES agreement(id),
        parties jsonb NOT NULL,
        organisation_ids text[] NOT NULL DEFAULT '{}',
        scope text[] NOT NULL CHECK (cardinality(scope) > 0),
        effective_from date,
        term jsonb,
        text_valid_to date,
        it_changes boolean NOT NULL,
        data_exchange boolean NOT NULL,
        costs boolean NOT NULL,
        status varchar(20) NOT NULL,
        revision int NOT NULL DEFAULT 1,
        signed_on date,
        valid_from date,
        valid_to date,
        terminated_on date,
        expiry_warning_sent_for date,
        version int NOT NULL DEFAULT 1,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        -- Why in SQL too: in-force agreements drive activation jobs and events; a half-set validity would break them.
        CHECK ((valid_from IS NULL) = (valid_to IS NULL) AND (valid_to IS NULL OR valid_to >= valid_from)),
        CHECK (status NOT IN ('SIGNED', 'ACTIVE', 'EXPIRED') OR (valid_from IS NOT NULL AND signed_on IS NOT NULL))
      )`);
    await q.query(`CREATE INDEX agreement_status_idx ON agreement (status, valid_to)`);
    await q.query(`CREATE INDEX agreement_scope_idx ON agreement USING gin (scope)`);
    await q.query(`CREATE INDEX agreement_organisations_idx ON agreement USING gin (organisation_ids)`);
    await q.query(`
      CREATE TABLE agreement_transition (
        id bigserial PRIMARY KEY,
        agreement_id uuid NOT NULL REFERENCES agreement(id),
        action varchar(32) NOT NULL,
        from_status varchar(20) NOT NULL,
        to_status varchar(20) NOT NULL,
        actor text NOT NULL,
        at timestamptz NOT NULL,
        comment text
      )`);
    await q.query(`CREATE INDEX agreement_transition_agreement_idx ON agreement_transition (agreement_id, id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE agreement_transition`);
    await q.query(`DROP TABLE agreement`);
  }
}

import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Technical tables (local and central) with their members, meetings and issues. An issue escalated
 * from a local table points at the issue it opened on the central one, and back.
 */
export class TechnicalTables1764000800000 implements MigrationInterface {
  name = 'TechnicalTables1764000800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE technical_table (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL,
        level varchar(8) NOT NULL CHECK (level IN ('LOCAL', 'CENTRAL')),
        territory_code varchar(6),
        agreement_id uuid REFERENCES agreement(id),
        status varchar(8) NOT NULL CHECK (status IN ('ACTIVE', 'CLOSED')),
        version int NOT NULL DEFAULT 1,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        -- Why: a local table is always somewhere (scope checks need it); a central one is national.
        CHECK ((level = 'LOCAL') = (territory_code IS NOT NULL))
      )`);
    await q.query(`CREATE INDEX technical_table_territory_idx ON technical_table (territory_code)`);
    await q.query(`CREATE INDEX technical_table_agreement_idx ON technical_table (agreement_id) WHERE agreement_id IS NOT NULL`);
    await q.query(`
      CREATE TABLE technical_table_member (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        table_id uuid NOT NULL REFERENCES technical_table(id),
        organisation_id varchar(64) REFERENCES organisation(id),
        inps_unit_id varchar(64) REFERENCES inps_unit(id),
        role varchar(16) NOT NULL CHECK (role IN ('CHAIR', 'SECRETARY', 'MEMBER', 'OBSERVER')),
        label text NOT NULL,
        valid_from date NOT NULL,
        valid_to date CHECK (valid_to IS NULL OR valid_to >= valid_from),
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CHECK (organisation_id IS NOT NULL OR inps_unit_id IS NOT NULL)
      )`);
    await q.query(`CREATE INDEX technical_table_member_table_idx ON technical_table_member (table_id, valid_from)`);
    await q.query(`CREATE INDEX technical_table_member_org_idx ON technical_table_member (organisation_id) WHERE organisation_id IS NOT NULL`);
    await q.query(`
      CREATE TABLE technical_table_meeting (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        table_id uuid NOT NULL REFERENCES technical_table(id),
        starts_at timestamptz NOT NULL,
        place text,
        online_link text,
        agenda text NOT NULL,
        status varchar(16) NOT NULL CHECK (status IN ('PLANNED', 'HELD', 'CANCELLED')),
        cancellation_reason text,
        attendee_ids uuid[] NOT NULL DEFAULT '{}',
        minutes_document_id uuid REFERENCES agreement_document(id),
        version int NOT NULL DEFAULT 1,
        created_by text NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK (place IS NOT NULL OR online_link IS NOT NULL),
        CHECK ((status = 'HELD') = (minutes_document_id IS NOT NULL)),
        CHECK ((status = 'CANCELLED') = (cancellation_reason IS NOT NULL))
      )`);
    await q.query(`CREATE INDEX technical_table_meeting_table_idx ON technical_table_meeting (table_id, starts_at)`);
    await q.query(`
      CREATE TABLE technical_table_issue (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        table_id uuid NOT NULL REFERENCES technical_table(id),
        title text NOT NULL,
        description text NOT NULL,
        raised_on date NOT NULL,
        status varchar(16) NOT NULL CHECK (status IN ('OPEN', 'RESOLVED', 'ESCALATED')),
        escalated_to_id uuid REFERENCES technical_table_issue(id),
        escalated_from_id uuid REFERENCES technical_table_issue(id),
        resolution_note text,
        resolved_on date,
        version int NOT NULL DEFAULT 1,
        created_by text NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK ((status = 'ESCALATED') = (escalated_to_id IS NOT NULL) OR status = 'RESOLVED'),
        CHECK ((status = 'RESOLVED') = (resolution_note IS NOT NULL))
      )`);
    await q.query(`CREATE INDEX technical_table_issue_table_idx ON technical_table_issue (table_id, raised_on)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE technical_table_issue`);
    await q.query(`DROP TABLE technical_table_meeting`);
    await q.query(`DROP TABLE technical_table_member`);
    await q.query(`DROP TABLE technical_table`);
  }
}

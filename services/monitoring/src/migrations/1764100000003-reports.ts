import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Semiannual reports. The snapshot and files are written together with status COMPLETED in one
 * transaction at the end of the job, so a report is either complete or has no content at all.
 */
export class Reports1764100000003 implements MigrationInterface {
  name = 'Reports1764100000003';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE report (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        semester varchar(6) NOT NULL CHECK (semester ~ '^[0-9]{4}S[12]$'),
        scope_level varchar(20) NOT NULL CHECK (scope_level IN ('NATIONAL', 'REGION', 'PROVINCE', 'METROPOLITAN_CITY', 'COMUNE')),
        scope_code varchar(6) NOT NULL,
        version integer NOT NULL CHECK (version >= 1),
        status varchar(10) NOT NULL CHECK (status IN ('QUEUED', 'RUNNING', 'COMPLETED', 'FAILED')),
        progress integer NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 100),
        failure_reason text,
        snapshot jsonb,
        partner_snapshot jsonb,
        -- why partners have no view of a completed report (small counts that suppression cannot protect)
        partner_view_withheld text,
        requested_by varchar(255) NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        completed_at timestamptz,
        UNIQUE (semester, scope_level, scope_code, version),
        CHECK ((status = 'COMPLETED') = (snapshot IS NOT NULL AND completed_at IS NOT NULL)),
        CHECK (partner_snapshot IS NULL OR partner_view_withheld IS NULL),
        CHECK ((status = 'FAILED') = (failure_reason IS NOT NULL))
      )`);
    await q.query(`
      CREATE TABLE report_file (
        report_id uuid NOT NULL REFERENCES report (id) ON DELETE CASCADE,
        variant varchar(8) NOT NULL CHECK (variant IN ('full', 'partner')),
        format varchar(4) NOT NULL CHECK (format IN ('json', 'csv', 'xlsx', 'pdf')),
        content_type varchar(100) NOT NULL,
        content bytea NOT NULL,
        PRIMARY KEY (report_id, variant, format)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE report_file`);
    await q.query(`DROP TABLE report`);
  }
}

import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Agreement documents: immutable once stored (a new file is a new document), with their SHA-256. */
export class Documents1764000500000 implements MigrationInterface {
  name = 'Documents1764000500000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE agreement_document (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        agreement_id uuid NOT NULL REFERENCES agreement(id),
        kind varchar(32) NOT NULL CHECK (kind IN ('TEXT', 'SIGNED_COPY', 'ANNEX', 'OTHER')),
        file_name varchar(200) NOT NULL,
        content_type varchar(100) NOT NULL,
        size_bytes integer NOT NULL CHECK (size_bytes > 0),
        sha256 char(64) NOT NULL,
        content bytea NOT NULL,
        uploaded_by varchar(200) NOT NULL,
        uploaded_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (agreement_id, sha256)
      )`);
    await q.query(`CREATE INDEX agreement_document_agreement ON agreement_document (agreement_id, uploaded_at)`);
    // Why a trigger: a signed text must stay the text that was signed, whoever writes to the table.
    await q.query(`
      CREATE FUNCTION agreement_document_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'agreement documents are immutable: upload a new document instead' USING ERRCODE = 'check_violation';
      END $$`);
    await q.query(
      `CREATE TRIGGER agreement_document_immutable BEFORE UPDATE OR DELETE ON agreement_document FOR EACH ROW EXECUTE FUNCTION agreement_document_immutable()`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE agreement_document`);
    await q.query(`DROP FUNCTION agreement_document_immutable()`);
  }
}

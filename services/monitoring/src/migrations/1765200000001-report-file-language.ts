import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Reports in Italian and English: the PDF is written in each (the JSON, CSV and spreadsheet carry
 * both languages side by side and stay one file, recorded as Italian). Files compiled before have
 * their Italian PDF only, which is what a request for English finds missing.
 */
export class ReportFileLanguage1765200000001 implements MigrationInterface {
  name = 'ReportFileLanguage1765200000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE report_file ADD COLUMN language varchar(2) NOT NULL DEFAULT 'it' CHECK (language IN ('it', 'en'))`);
    await q.query(`ALTER TABLE report_file DROP CONSTRAINT report_file_pkey`);
    await q.query(`ALTER TABLE report_file ADD PRIMARY KEY (report_id, variant, format, language)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM report_file WHERE language <> 'it'`);
    await q.query(`ALTER TABLE report_file DROP CONSTRAINT report_file_pkey`);
    await q.query(`ALTER TABLE report_file ADD PRIMARY KEY (report_id, variant, format)`);
    await q.query(`ALTER TABLE report_file DROP COLUMN language`);
  }
}

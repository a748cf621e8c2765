import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The governance indicators' two sources, until now without events.
 *
 * `agreement_review`: one row per review decision of the central directorate (`agreement.reviewed`):
 * every decision, approval, request for changes or rejection alike, because the indicator is the
 * time the directorate took to answer a submission, whatever the answer. One submission has one
 * decision, so (agreement, day submitted) is the key: the same decision announced again under
 * another event id is still one review. The agreement's territories are kept (codes only) so that a
 * regional report counts the reviews of agreements that reach it, as for active agreements.
 *
 * `technical_table_meeting`: one row per meeting held (`technical-table-meeting.held`), with its
 * table's level and territory (none for the central table), province and region beside it.
 *
 * Days only, no instants; nothing about people.
 */
export class ReviewsAndMeetings1765100000000 implements MigrationInterface {
  name = 'ReviewsAndMeetings1765100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE agreement_review (
        agreement_id varchar(64) NOT NULL,
        submitted_on date NOT NULL,
        kind varchar(64) NOT NULL,
        territories text[] NOT NULL,
        decision varchar(24) NOT NULL CHECK (decision IN ('APPROVED', 'CHANGES_REQUESTED', 'REJECTED')),
        decided_on date NOT NULL,
        semester varchar(6) NOT NULL CHECK (semester ~ '^[0-9]{4}S[12]$'),
        review_days integer NOT NULL CHECK (review_days >= 0),
        PRIMARY KEY (agreement_id, submitted_on)
      )`);
    await q.query(`CREATE INDEX agreement_review_semester_idx ON agreement_review (semester)`);
    await q.query(`
      CREATE TABLE technical_table_meeting (
        meeting_id varchar(64) PRIMARY KEY,
        table_id varchar(64) NOT NULL,
        level varchar(8) NOT NULL CHECK (level IN ('LOCAL', 'CENTRAL')),
        territory_code varchar(6),
        province_code varchar(6),
        region_code varchar(6),
        held_on date NOT NULL,
        semester varchar(6) NOT NULL CHECK (semester ~ '^[0-9]{4}S[12]$')
      )`);
    await q.query(`CREATE INDEX technical_table_meeting_semester_idx ON technical_table_meeting (semester)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE technical_table_meeting`);
    await q.query(`DROP TABLE agreement_review`);
  }
}

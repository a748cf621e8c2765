import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The day's operator-mode screenings for central staff, across organisations: the index on
 * (organisation_id, created_on) serves an organisation's day, not every organisation's.
 */
export class ScreeningsOfTheDay1765200000000 implements MigrationInterface {
  readonly name = 'ScreeningsOfTheDay1765200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX screening_operator_day ON screening (created_on, id) WHERE organisation_id IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX screening_operator_day`);
  }
}

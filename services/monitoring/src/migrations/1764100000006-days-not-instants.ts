import { ROME_TIME_ZONE, romeDaySql } from '@inps/kernel';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * No instant beside a screening. An exact time on a row that names a screening lets someone who
 * saw a person at a soup kitchen at 12:03 pick out that person's screening; a Rome calendar day
 * does not narrow it below everyone seen that day.
 *
 * screening_outcome.received_at goes: nothing reads it, and `day` already says when. A follow-up
 * keeps, as days, when it was recorded and last changed (its `day` is what the partner declares,
 * which may be earlier). Existing instants become the day they fell on in Rome.
 */
export class DaysNotInstants1764100000006 implements MigrationInterface {
  name = 'DaysNotInstants1764100000006';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE screening_outcome DROP COLUMN received_at`);
    await q.query(`ALTER TABLE follow_up ADD COLUMN created_on date, ADD COLUMN updated_on date`);
    await q.query(`UPDATE follow_up SET created_on = ${romeDaySql('created_at')}, updated_on = ${romeDaySql('updated_at')}`);
    // No default: the service writes these days from its Clock, so that tests and the seed choose them.
    await q.query(`ALTER TABLE follow_up ALTER COLUMN created_on SET NOT NULL, ALTER COLUMN updated_on SET NOT NULL, ADD CHECK (updated_on >= created_on)`);
    await q.query(`ALTER TABLE follow_up DROP COLUMN created_at, DROP COLUMN updated_at`);
  }

  async down(q: QueryRunner): Promise<void> {
    // The time of day is gone for good: going back gives midnight in Rome of the kept day.
    await q.query(`ALTER TABLE follow_up ADD COLUMN created_at timestamptz, ADD COLUMN updated_at timestamptz`);
    await q.query(
      `UPDATE follow_up SET created_at = created_on::timestamp AT TIME ZONE '${ROME_TIME_ZONE}', updated_at = updated_on::timestamp AT TIME ZONE '${ROME_TIME_ZONE}'`,
    );
    await q.query(
      `ALTER TABLE follow_up ALTER COLUMN created_at SET NOT NULL, ALTER COLUMN created_at SET DEFAULT now(), ALTER COLUMN updated_at SET NOT NULL, ALTER COLUMN updated_at SET DEFAULT now()`,
    );
    await q.query(`ALTER TABLE follow_up DROP COLUMN created_on, DROP COLUMN updated_on`);
    await q.query(`ALTER TABLE screening_outcome ADD COLUMN received_at timestamptz NOT NULL DEFAULT now()`);
  }
}

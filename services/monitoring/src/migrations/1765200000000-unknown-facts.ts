import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * "I don't know" answers, an indicator of what the programme must help people find out.
 *
 * `screening_outcome.unknown_facts`: the facts a screening was answered "don't know" to (names of
 * the fact vocabulary, never values); the verdicts keep, on each UNDETERMINED one, which of them it
 * lacked. Screenings recorded before have none, as their events had none.
 *
 * `unknown_fact_rollup`: per semester, territory level and channel, the don't-know answers per fact
 * (`benefit_id` empty) and, per fact and benefit, the screenings whose verdict on that benefit was
 * left UNDETERMINED for lack of it. Incremented in the transaction that records the screening, like
 * the other rollups, so it always equals a recount.
 */
export class UnknownFacts1765200000000 implements MigrationInterface {
  name = 'UnknownFacts1765200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE screening_outcome ADD COLUMN unknown_facts text[] NOT NULL DEFAULT '{}'`);
    await q.query(`
      CREATE TABLE unknown_fact_rollup (
        semester varchar(6) NOT NULL,
        level varchar(8) NOT NULL CHECK (level IN ('comune', 'province', 'region', 'country')),
        territory_code varchar(6) NOT NULL,
        channel varchar(16) NOT NULL,
        fact varchar(64) NOT NULL,
        benefit_id varchar(64) NOT NULL DEFAULT '',
        answers integer NOT NULL DEFAULT 0,
        PRIMARY KEY (semester, level, territory_code, channel, fact, benefit_id)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE unknown_fact_rollup`);
    await q.query(`ALTER TABLE screening_outcome DROP COLUMN unknown_facts`);
  }
}

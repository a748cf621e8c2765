import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Every report lists the rule sets its screenings were run under. Over a million outcomes a
 * DISTINCT on the semester's rows took seconds per report; with (semester, rule_set_id) indexed
 * the report skips from one rule set to the next instead (a handful of index probes). The index
 * on semester alone is a prefix of the new one and goes, so ingest maintains one index, not two.
 */
export class RuleSetIndex1764100000005 implements MigrationInterface {
  name = 'RuleSetIndex1764100000005';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX screening_outcome_semester_rule_set_idx ON screening_outcome (semester, rule_set_id)`);
    await q.query(`DROP INDEX screening_outcome_semester_idx`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX screening_outcome_semester_idx ON screening_outcome (semester)`);
    await q.query(`DROP INDEX screening_outcome_semester_rule_set_idx`);
  }
}

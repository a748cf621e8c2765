import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Rollups folded in batches instead of incremented by every screening's transaction (decision
 * 0019-perf-ingest). Recording a screening now appends its outcome row and a `rollup_pending` row,
 * nothing else; the worker folds pending screenings into the `*_rollup_folded` tables (deleting
 * their pending rows in the same transaction, so each is folded once). The old names become views:
 * the folded counters plus the contribution of every screening still pending, so what a reader
 * sees is a recount of the stored outcomes whether or not the fold has run.
 *
 * `*_rollup_increment`: what one pending screening adds to each rollup row, the single definition
 * used by the views and by the fold.
 */
export class RollupFold1765300000000 implements MigrationInterface {
  name = 'RollupFold1765300000000';

  async up(q: QueryRunner): Promise<void> {
    for (const table of ['screening_rollup', 'benefit_rollup', 'unknown_fact_rollup']) {
      await q.query(`ALTER TABLE ${table} RENAME TO ${table}_folded`);
      await q.query(`ALTER TABLE ${table}_folded RENAME CONSTRAINT ${table}_pkey TO ${table}_folded_pkey`);
    }
    await q.query(`CREATE TABLE rollup_pending (screening_id uuid PRIMARY KEY)`);

    // Every rollup scope of a pending screening: the country always, its comune, province and region when known.
    // Driven by the pending rows, one primary-key lookup each (OFFSET 0 keeps the planner from turning it into
    // a join that reads the semester's outcomes first: the pending table is small, churns, and its statistics lag).
    await q.query(`
      CREATE VIEW rollup_pending_scope AS
      SELECT p.screening_id, o.semester, s.level::varchar(8) AS level, s.code::varchar(6) AS territory_code, o.channel, o.likely_count,
        o.stopped_for, o.verdicts, o.unknown_facts
      FROM rollup_pending p
      CROSS JOIN LATERAL (SELECT * FROM screening_outcome WHERE screening_outcome.screening_id = p.screening_id OFFSET 0) AS o
      CROSS JOIN LATERAL (VALUES ('country', 'IT'), ('comune', o.comune_code), ('province', o.province_code), ('region', o.region_code)) AS s(level, code)
      WHERE s.code IS NOT NULL`);
    await q.query(`
      CREATE VIEW screening_rollup_increment AS
      SELECT screening_id, semester, level, territory_code, channel, 1 AS screenings, (likely_count > 0)::int AS with_likely,
        ('ISEE' = ANY(stopped_for))::int AS stopped_isee, ('RESIDENCE' = ANY(stopped_for))::int AS stopped_residence
      FROM rollup_pending_scope`);
    await q.query(`
      CREATE VIEW benefit_rollup_increment AS
      SELECT x.screening_id, x.semester, x.level, x.territory_code, (v->>'benefitId')::varchar(64) AS benefit_id, 1 AS assessments,
        (v->>'status' = 'LIKELY_ELIGIBLE')::int AS likely, (v->>'status' = 'UNDETERMINED')::int AS undetermined
      FROM rollup_pending_scope x CROSS JOIN LATERAL jsonb_array_elements(x.verdicts) AS v`);
    // Per fact and benefit the verdicts it left undetermined; per fact alone (empty benefit) the answers. A verdict
    // can only lack a fact the screening left unknown (the event parser refuses anything else), so its facts are
    // found among the screening's: not by expanding each verdict's list, whose estimate (100 rows per verdict, times
    // 100 verdicts) made the planner expect millions of rows and compile the query (JIT) for seconds.
    await q.query(`
      CREATE VIEW unknown_fact_rollup_increment AS
      SELECT x.screening_id, x.semester, x.level, x.territory_code, x.channel, f.fact::varchar(64) AS fact, (v->>'benefitId')::varchar(64) AS benefit_id,
        1 AS answers
      FROM rollup_pending_scope x CROSS JOIN LATERAL unnest(x.unknown_facts) AS f(fact)
      CROSS JOIN LATERAL jsonb_array_elements(x.verdicts) AS v
      WHERE (v->'unknownFacts') ? f.fact
      UNION ALL
      SELECT x.screening_id, x.semester, x.level, x.territory_code, x.channel, f.fact::varchar(64), ''::varchar(64), 1
      FROM rollup_pending_scope x CROSS JOIN LATERAL unnest(x.unknown_facts) AS f(fact)`);

    await q.query(`
      CREATE VIEW screening_rollup AS
      SELECT semester, level, territory_code, channel, sum(screenings)::int AS screenings, sum(with_likely)::int AS with_likely,
        sum(stopped_isee)::int AS stopped_isee, sum(stopped_residence)::int AS stopped_residence
      FROM (
        SELECT semester, level, territory_code, channel, screenings, with_likely, stopped_isee, stopped_residence FROM screening_rollup_folded
        UNION ALL
        SELECT semester, level, territory_code, channel, screenings, with_likely, stopped_isee, stopped_residence FROM screening_rollup_increment
      ) r GROUP BY semester, level, territory_code, channel`);
    await q.query(`
      CREATE VIEW benefit_rollup AS
      SELECT semester, level, territory_code, benefit_id, sum(assessments)::int AS assessments, sum(likely)::int AS likely,
        sum(undetermined)::int AS undetermined
      FROM (
        SELECT semester, level, territory_code, benefit_id, assessments, likely, undetermined FROM benefit_rollup_folded
        UNION ALL
        SELECT semester, level, territory_code, benefit_id, assessments, likely, undetermined FROM benefit_rollup_increment
      ) r GROUP BY semester, level, territory_code, benefit_id`);
    await q.query(`
      CREATE VIEW unknown_fact_rollup AS
      SELECT semester, level, territory_code, channel, fact, benefit_id, sum(answers)::int AS answers
      FROM (
        SELECT semester, level, territory_code, channel, fact, benefit_id, answers FROM unknown_fact_rollup_folded
        UNION ALL
        SELECT semester, level, territory_code, channel, fact, benefit_id, answers FROM unknown_fact_rollup_increment
      ) r GROUP BY semester, level, territory_code, channel, fact, benefit_id`);
  }

  async down(q: QueryRunner): Promise<void> {
    // Fold what is pending first, so that the tables hold every screening again.
    await q.query(`
      INSERT INTO screening_rollup_folded SELECT semester, level, territory_code, channel, sum(screenings), sum(with_likely), sum(stopped_isee),
        sum(stopped_residence) FROM screening_rollup_increment GROUP BY 1, 2, 3, 4
      ON CONFLICT (semester, level, territory_code, channel) DO UPDATE SET screenings = screening_rollup_folded.screenings + EXCLUDED.screenings,
        with_likely = screening_rollup_folded.with_likely + EXCLUDED.with_likely, stopped_isee = screening_rollup_folded.stopped_isee + EXCLUDED.stopped_isee,
        stopped_residence = screening_rollup_folded.stopped_residence + EXCLUDED.stopped_residence`);
    await q.query(`
      INSERT INTO benefit_rollup_folded SELECT semester, level, territory_code, benefit_id, sum(assessments), sum(likely), sum(undetermined)
      FROM benefit_rollup_increment GROUP BY 1, 2, 3, 4
      ON CONFLICT (semester, level, territory_code, benefit_id) DO UPDATE SET assessments = benefit_rollup_folded.assessments + EXCLUDED.assessments,
        likely = benefit_rollup_folded.likely + EXCLUDED.likely, undetermined = benefit_rollup_folded.undetermined + EXCLUDED.undetermined`);
    await q.query(`
      INSERT INTO unknown_fact_rollup_folded SELECT semester, level, territory_code, channel, fact, benefit_id, sum(answers)
      FROM unknown_fact_rollup_increment GROUP BY 1, 2, 3, 4, 5, 6
      ON CONFLICT (semester, level, territory_code, channel, fact, benefit_id) DO UPDATE SET answers = unknown_fact_rollup_folded.answers + EXCLUDED.answers`);
    for (const view of ['unknown_fact_rollup', 'benefit_rollup', 'screening_rollup']) await q.query(`DROP VIEW ${view}`);
    for (const view of ['unknown_fact_rollup_increment', 'benefit_rollup_increment', 'screening_rollup_increment', 'rollup_pending_scope']) {
      await q.query(`DROP VIEW ${view}`);
    }
    await q.query(`DROP TABLE rollup_pending`);
    for (const table of ['screening_rollup', 'benefit_rollup', 'unknown_fact_rollup']) {
      await q.query(`ALTER TABLE ${table}_folded RENAME CONSTRAINT ${table}_folded_pkey TO ${table}_pkey`);
      await q.query(`ALTER TABLE ${table}_folded RENAME TO ${table}`);
    }
  }
}

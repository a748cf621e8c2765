import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';

/** Pending screenings folded per transaction: enough for comuni to repeat, small enough for a short transaction. */
const FOLD_BATCH = 50_000;

/**
 * The lock every writer of the folded rollup tables takes for its transaction: one writer at a time
 * per schema, so two folds never take the same pending rows and never wait on each other's rows
 * (no deadlock, whatever the number of workers). Keyed by schema: tests share one database.
 */
export async function takeFoldLock(manager: EntityManager, wait: boolean): Promise<boolean> {
  const key = `hashtext(current_schema() || ':rollup-fold')`;
  if (wait) {
    await manager.query(`SELECT pg_advisory_xact_lock(${key})`);
    return true;
  }
  const rows = (await manager.query(`SELECT pg_try_advisory_xact_lock(${key}) AS locked`)) as { locked: boolean }[];
  return rows[0]?.locked === true;
}

/**
 * Moves pending screenings into the folded rollup counters. The increments come from the
 * `*_rollup_increment` views (the same ones the rollup views add to the folded counters), summed per
 * rollup row, and the pending rows go in the same transaction: a screening is folded exactly once,
 * and a reader sees it either pending or folded, never both nor neither.
 */
@Injectable()
export class RollupFolder {
  constructor(private readonly dataSource: DataSource) {}

  /** Folds up to `limit` pending screenings; 0 when none was pending or another fold is running. */
  foldOnce(limit = FOLD_BATCH): Promise<number> {
    return this.dataSource.transaction(async (m) => {
      if (!(await takeFoldLock(m, false))) return 0;
      const ids = ((await m.query(`SELECT screening_id FROM rollup_pending LIMIT $1`, [limit])) as { screening_id: string }[]).map((r) => r.screening_id);
      if (ids.length === 0) return 0;
      // Rows written in key order (ORDER BY), though with the lock held no other fold can be waiting on them.
      await m.query(
        `INSERT INTO screening_rollup_folded (semester, level, territory_code, channel, screenings, with_likely, stopped_isee, stopped_residence)
         SELECT semester, level, territory_code, channel, sum(screenings), sum(with_likely), sum(stopped_isee), sum(stopped_residence)
         FROM screening_rollup_increment WHERE screening_id = ANY($1::uuid[]) GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
         ON CONFLICT (semester, level, territory_code, channel) DO UPDATE SET
           screenings = screening_rollup_folded.screenings + EXCLUDED.screenings,
           with_likely = screening_rollup_folded.with_likely + EXCLUDED.with_likely,
           stopped_isee = screening_rollup_folded.stopped_isee + EXCLUDED.stopped_isee,
           stopped_residence = screening_rollup_folded.stopped_residence + EXCLUDED.stopped_residence`,
        [ids],
      );
      await m.query(
        `INSERT INTO benefit_rollup_folded (semester, level, territory_code, benefit_id, assessments, likely, undetermined)
         SELECT semester, level, territory_code, benefit_id, sum(assessments), sum(likely), sum(undetermined)
         FROM benefit_rollup_increment WHERE screening_id = ANY($1::uuid[]) GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
         ON CONFLICT (semester, level, territory_code, benefit_id) DO UPDATE SET
           assessments = benefit_rollup_folded.assessments + EXCLUDED.assessments,
           likely = benefit_rollup_folded.likely + EXCLUDED.likely,
           undetermined = benefit_rollup_folded.undetermined + EXCLUDED.undetermined`,
        [ids],
      );
      await m.query(
        `INSERT INTO unknown_fact_rollup_folded (semester, level, territory_code, channel, fact, benefit_id, answers)
         SELECT semester, level, territory_code, channel, fact, benefit_id, sum(answers)
         FROM unknown_fact_rollup_increment WHERE screening_id = ANY($1::uuid[]) GROUP BY 1, 2, 3, 4, 5, 6 ORDER BY 1, 2, 3, 4, 5, 6
         ON CONFLICT (semester, level, territory_code, channel, fact, benefit_id) DO UPDATE SET
           answers = unknown_fact_rollup_folded.answers + EXCLUDED.answers`,
        [ids],
      );
      await m.query(`DELETE FROM rollup_pending WHERE screening_id = ANY($1::uuid[])`, [ids]);
      return ids.length;
    });
  }

  /** Folds until nothing is pending (or another fold holds the lock); returns how many it folded. */
  async foldAll(limit = FOLD_BATCH): Promise<number> {
    let total = 0;
    for (;;) {
      const folded = await this.foldOnce(limit);
      total += folded;
      if (folded < limit) return total;
    }
  }
}

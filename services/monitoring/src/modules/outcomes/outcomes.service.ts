import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { semesterOf } from '../../domain';
import type { ScreeningCompletedPayload } from '../events/event-contracts';
import { splitAncestors, TERRITORY_DIRECTORY, type TerritoryDirectory } from '../territories/territory-directory';

export type RollupLevel = 'comune' | 'province' | 'region' | 'country';

/** Records screening outcomes and keeps the rollups in step, in the caller's transaction. */
@Injectable()
export class OutcomesService {
  constructor(@Inject(TERRITORY_DIRECTORY) private readonly territories: TerritoryDirectory) {}

  /**
   * Stores the outcome and increments every rollup it belongs to. A screening already recorded
   * (re-published under another event id) changes nothing. Returns whether it was new.
   */
  async record(manager: EntityManager, eventId: string, p: ScreeningCompletedPayload): Promise<boolean> {
    const semester = semesterOf(p.day).id;
    const { province, region } = p.territory ? splitAncestors(this.territories.ancestorsOf(p.territory)) : { province: null, region: null };
    const likely = p.verdicts.filter((v) => v.status === 'LIKELY_ELIGIBLE').length;
    const inserted = (await manager.query(
      `INSERT INTO screening_outcome (screening_id, event_id, rule_set_id, day, semester, comune_code, province_code, region_code,
         organisation_id, channel, mode, age_band, household_size_band, verdicts, likely_count, stopped_for)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)
       ON CONFLICT (screening_id) DO NOTHING RETURNING screening_id`,
      [
        p.screeningId, eventId, p.ruleSetId, p.day, semester, p.territory, province, region, p.organisationId, p.channel, p.mode,
        p.ageBand, p.householdSizeBand, JSON.stringify(p.verdicts), likely, p.stoppedFor,
      ],
    )) as unknown[];
    if (inserted.length === 0) return false;

    const scopes: [RollupLevel, string][] = [['country', 'IT']];
    if (p.territory) scopes.push(['comune', p.territory]);
    if (province) scopes.push(['province', province]);
    if (region) scopes.push(['region', region]);
    const levels = scopes.map(([level]) => level);
    const codes = scopes.map(([, code]) => code);

    await manager.query(
      `INSERT INTO screening_rollup (semester, level, territory_code, channel, screenings, with_likely, stopped_isee, stopped_residence)
       SELECT $1, s.level, s.code, $4, 1, $5, $6, $7 FROM unnest($2::text[], $3::text[]) AS s(level, code)
       ON CONFLICT (semester, level, territory_code, channel) DO UPDATE SET
         screenings = screening_rollup.screenings + 1,
         with_likely = screening_rollup.with_likely + EXCLUDED.with_likely,
         stopped_isee = screening_rollup.stopped_isee + EXCLUDED.stopped_isee,
         stopped_residence = screening_rollup.stopped_residence + EXCLUDED.stopped_residence`,
      [semester, levels, codes, p.channel, likely > 0 ? 1 : 0, p.stoppedFor.includes('ISEE') ? 1 : 0, p.stoppedFor.includes('RESIDENCE') ? 1 : 0],
    );
    if (p.verdicts.length > 0) {
      await manager.query(
        `INSERT INTO benefit_rollup (semester, level, territory_code, benefit_id, assessments, likely, undetermined)
         SELECT $1, s.level, s.code, v.benefit_id, 1, (v.status = 'LIKELY_ELIGIBLE')::int, (v.status = 'UNDETERMINED')::int
         FROM unnest($2::text[], $3::text[]) AS s(level, code)
         CROSS JOIN unnest($4::text[], $5::text[]) AS v(benefit_id, status)
         ON CONFLICT (semester, level, territory_code, benefit_id) DO UPDATE SET
           assessments = benefit_rollup.assessments + 1,
           likely = benefit_rollup.likely + EXCLUDED.likely,
           undetermined = benefit_rollup.undetermined + EXCLUDED.undetermined`,
        [semester, levels, codes, p.verdicts.map((v) => v.benefitId), p.verdicts.map((v) => v.status)],
      );
    }
    return true;
  }
}

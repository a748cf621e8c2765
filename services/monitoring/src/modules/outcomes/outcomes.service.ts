import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { semesterOf } from '../../domain';
import type { ScreeningPayload } from '../events/event-contracts';
import { splitAncestors, TERRITORY_DIRECTORY, type TerritoryDirectory } from '../territories/territory-directory';

export interface OutcomeToRecord {
  readonly eventId: string;
  readonly payload: ScreeningPayload;
}

/**
 * Records screening outcomes in the caller's transaction, each with its `rollup_pending` row: the
 * rollup views count it from then on, and the worker's fold (rollup-folder.ts) later moves it into
 * the folded counters.
 */
@Injectable()
export class OutcomesService {
  constructor(@Inject(TERRITORY_DIRECTORY) private readonly territories: TerritoryDirectory) {}

  /**
   * Stores the outcome, pending for the rollups. A screening already recorded
   * (re-published under another event id) changes nothing. Returns whether it was new.
   */
  async record(manager: EntityManager, eventId: string, p: ScreeningPayload): Promise<boolean> {
    return (await this.recordMany(manager, [{ eventId, payload: p }])).has(p.screeningId);
  }

  /**
   * The same for many outcomes in one statement. Nothing here touches a row another screening
   * touches (only inserts under the screening's own id, in id order), so batches of any number of
   * workers never wait on each other's locks: no shared counter is updated at ingest (the fold does
   * that, one fold at a time). Returns the screening ids that were new.
   */
  async recordMany(manager: EntityManager, outcomes: readonly OutcomeToRecord[]): Promise<Set<string>> {
    if (outcomes.length === 0) return new Set();
    const rows = outcomes.map(({ eventId, payload: p }) => {
      const { province, region } = p.territory ? splitAncestors(this.territories.ancestorsOf(p.territory)) : { province: null, region: null };
      return { eventId, p, semester: semesterOf(p.day).id, province, region, likely: p.verdicts.filter((v) => v.status === 'LIKELY_ELIGIBLE').length };
    });
    const column = <T>(pick: (row: (typeof rows)[number]) => T): T[] => rows.map(pick);
    const inserted = (await manager.query(
      `WITH inserted AS (
       INSERT INTO screening_outcome (screening_id, event_id, rule_set_id, day, semester, comune_code, province_code, region_code,
         organisation_id, channel, mode, age_band, household_size_band, verdicts, likely_count, stopped_for, unknown_facts)
       SELECT o.screening_id, o.event_id, o.rule_set_id, o.day, o.semester, o.comune, o.province, o.region, o.organisation_id, o.channel, o.mode,
         o.age_band, o.household_size_band, o.verdicts, o.likely, string_to_array(o.stopped_for, ','), string_to_array(o.unknown_facts, ',')
       FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::date[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[],
         $11::text[], $12::text[], $13::text[], $14::jsonb[], $15::int[], $16::text[], $17::text[])
         AS o(screening_id, event_id, rule_set_id, day, semester, comune, province, region, organisation_id, channel, mode, age_band,
           household_size_band, verdicts, likely, stopped_for, unknown_facts)
       ORDER BY o.screening_id
       ON CONFLICT (screening_id) DO NOTHING RETURNING screening_id
     ), pending AS (INSERT INTO rollup_pending (screening_id) SELECT screening_id FROM inserted)
     SELECT screening_id FROM inserted`,
      [
        column((r) => r.p.screeningId),
        column((r) => r.eventId),
        column((r) => r.p.ruleSetId),
        column((r) => r.p.day),
        column((r) => r.semester),
        column((r) => r.p.territory),
        column((r) => r.province),
        column((r) => r.region),
        column((r) => r.p.organisationId),
        column((r) => r.p.channel),
        column((r) => r.p.mode),
        column((r) => r.p.ageBand),
        column((r) => r.p.householdSizeBand),
        column((r) => JSON.stringify(r.p.verdicts)),
        column((r) => r.likely),
        column((r) => r.p.stoppedFor.join(',')),
        // Fact names are identifiers (the parser checks), so a comma cannot be part of one.
        column((r) => r.p.unknownFacts.join(',')),
      ],
    )) as { screening_id: string }[];
    return new Set(inserted.map((r) => r.screening_id));
  }
}

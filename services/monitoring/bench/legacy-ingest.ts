/**
 * The ingest path before decision 0019-perf-ingest, kept for the benchmarks only, so that they time
 * it beside the current one in the same run: every rollup row of every level incremented in the
 * screening's own transaction (here the folded tables, which is where those counters now live; the
 * screening is not left pending, so the rollup views still equal a recount). Copied from
 * OutcomesService.recordMany as it was; not used by the service.
 */
import type { DataSource, EntityManager } from 'typeorm';
import { semesterOf } from '../src/domain';
import type { MonitoringConfig } from '../src/monitoring.config';
import { AgreementsRegistryService } from '../src/modules/agreements-registry/agreements-registry.service';
import { EscalatedIssuesService } from '../src/modules/escalated-issues/escalated-issues.service';
import { EventsConsumer } from '../src/modules/events/events.consumer';
import { GovernanceEventsService } from '../src/modules/governance-events/governance-events.service';
import { MobileUnitRequestsService } from '../src/modules/mobile-unit-requests/mobile-unit-requests.service';
import type { OutcomeToRecord, OutcomesService } from '../src/modules/outcomes/outcomes.service';
import { OutreachEventsService } from '../src/modules/outreach-events/outreach-events.service';
import { splitAncestors, type TerritoryDirectory } from '../src/modules/territories/territory-directory';

type RollupLevel = 'comune' | 'province' | 'region' | 'country';

const sum = (target: Map<string, number[]>, key: string, values: readonly number[]): void => {
  const row = target.get(key);
  if (row) values.forEach((value, i) => (row[i] += value));
  else target.set(key, [...values]);
};

class LegacyOutcomes {
  constructor(private readonly territories: TerritoryDirectory) {}

  async recordMany(manager: EntityManager, outcomes: readonly OutcomeToRecord[]): Promise<Set<string>> {
    if (outcomes.length === 0) return new Set();
    const rows = outcomes.map(({ eventId, payload: p }) => {
      const { province, region } = p.territory ? splitAncestors(this.territories.ancestorsOf(p.territory)) : { province: null, region: null };
      return { eventId, p, semester: semesterOf(p.day).id, province, region, likely: p.verdicts.filter((v) => v.status === 'LIKELY_ELIGIBLE').length };
    });
    const column = <T>(pick: (row: (typeof rows)[number]) => T): T[] => rows.map(pick);
    const inserted = (await manager.query(
      `INSERT INTO screening_outcome (screening_id, event_id, rule_set_id, day, semester, comune_code, province_code, region_code,
         organisation_id, channel, mode, age_band, household_size_band, verdicts, likely_count, stopped_for, unknown_facts)
       SELECT o.screening_id, o.event_id, o.rule_set_id, o.day, o.semester, o.comune, o.province, o.region, o.organisation_id, o.channel, o.mode,
         o.age_band, o.household_size_band, o.verdicts, o.likely, string_to_array(o.stopped_for, ','), string_to_array(o.unknown_facts, ',')
       FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::date[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[],
         $11::text[], $12::text[], $13::text[], $14::jsonb[], $15::int[], $16::text[], $17::text[])
         AS o(screening_id, event_id, rule_set_id, day, semester, comune, province, region, organisation_id, channel, mode, age_band,
           household_size_band, verdicts, likely, stopped_for, unknown_facts)
       ORDER BY o.screening_id
       ON CONFLICT (screening_id) DO NOTHING RETURNING screening_id`,
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
    const fresh = new Set(inserted.map((r) => r.screening_id));
    if (fresh.size === 0) return fresh;

    const screening = new Map<string, number[]>();
    const benefit = new Map<string, number[]>();
    const unknown = new Map<string, number[]>();
    // A screening listed twice in one batch was inserted once: count it once.
    const counted = new Set<string>();
    for (const r of rows) {
      if (!fresh.has(r.p.screeningId) || counted.has(r.p.screeningId)) continue;
      counted.add(r.p.screeningId);
      const scopes: [RollupLevel, string][] = [['country', 'IT']];
      if (r.p.territory) scopes.push(['comune', r.p.territory]);
      if (r.province) scopes.push(['province', r.province]);
      if (r.region) scopes.push(['region', r.region]);
      const counts = [1, r.likely > 0 ? 1 : 0, r.p.stoppedFor.includes('ISEE') ? 1 : 0, r.p.stoppedFor.includes('RESIDENCE') ? 1 : 0];
      for (const [level, code] of scopes) {
        sum(screening, `${r.semester}|${level}|${code}|${r.p.channel}`, counts);
        for (const v of r.p.verdicts) {
          sum(benefit, `${r.semester}|${level}|${code}|${v.benefitId}`, [1, v.status === 'LIKELY_ELIGIBLE' ? 1 : 0, v.status === 'UNDETERMINED' ? 1 : 0]);
          for (const fact of v.unknownFacts ?? []) sum(unknown, `${r.semester}|${level}|${code}|${r.p.channel}|${fact}|${v.benefitId}`, [1]);
        }
        // An empty benefit: the answer itself, whatever it left undetermined.
        for (const fact of r.p.unknownFacts) sum(unknown, `${r.semester}|${level}|${code}|${r.p.channel}|${fact}|`, [1]);
      }
    }
    const ordered = (map: Map<string, number[]>) =>
      [...map.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([key, values]) => [key.split('|'), values] as const);
    const s = ordered(screening);
    await manager.query(
      `INSERT INTO screening_rollup_folded (semester, level, territory_code, channel, screenings, with_likely, stopped_isee, stopped_residence)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::int[], $6::int[], $7::int[], $8::int[])
       ON CONFLICT (semester, level, territory_code, channel) DO UPDATE SET
         screenings = screening_rollup_folded.screenings + EXCLUDED.screenings,
         with_likely = screening_rollup_folded.with_likely + EXCLUDED.with_likely,
         stopped_isee = screening_rollup_folded.stopped_isee + EXCLUDED.stopped_isee,
         stopped_residence = screening_rollup_folded.stopped_residence + EXCLUDED.stopped_residence`,
      [...[0, 1, 2, 3].map((i) => s.map(([k]) => k[i])), ...[0, 1, 2, 3].map((i) => s.map(([, v]) => v[i]))],
    );
    const b = ordered(benefit);
    if (b.length > 0) {
      await manager.query(
        `INSERT INTO benefit_rollup_folded (semester, level, territory_code, benefit_id, assessments, likely, undetermined)
         SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::int[], $6::int[], $7::int[])
         ON CONFLICT (semester, level, territory_code, benefit_id) DO UPDATE SET
           assessments = benefit_rollup_folded.assessments + EXCLUDED.assessments,
           likely = benefit_rollup_folded.likely + EXCLUDED.likely,
           undetermined = benefit_rollup_folded.undetermined + EXCLUDED.undetermined`,
        [...[0, 1, 2, 3].map((i) => b.map(([k]) => k[i])), ...[0, 1, 2].map((i) => b.map(([, v]) => v[i]))],
      );
    }
    const u = ordered(unknown);
    if (u.length > 0) {
      await manager.query(
        `INSERT INTO unknown_fact_rollup_folded (semester, level, territory_code, channel, fact, benefit_id, answers)
         SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::int[])
         ON CONFLICT (semester, level, territory_code, channel, fact, benefit_id) DO UPDATE SET
           answers = unknown_fact_rollup_folded.answers + EXCLUDED.answers`,
        [...[0, 1, 2, 3, 4, 5].map((i) => u.map(([k]) => k[i])), u.map(([, v]) => v[0])],
      );
    }
    return fresh;
  }
}

/** An EventsConsumer whose screenings go through the old path (the other handlers as wired today). */
export function legacyConsumer(ds: DataSource, config: MonitoringConfig, directory: TerritoryDirectory): EventsConsumer {
  return new EventsConsumer(
    ds,
    config,
    new LegacyOutcomes(directory) as unknown as OutcomesService,
    new AgreementsRegistryService(),
    new OutreachEventsService(directory),
    new MobileUnitRequestsService(directory),
    new EscalatedIssuesService(directory),
    new GovernanceEventsService(directory),
  );
}

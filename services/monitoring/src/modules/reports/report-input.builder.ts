import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import {
  factBenefitCode,
  median,
  MOBILE_UNIT_MIN_LEAD_DAYS,
  previousSemester,
  semesterFirstDay,
  semesterLastDay,
  type BreakdownId,
  type MeasureId,
} from '../../domain';
import type { CategoryCounts, MeasureInput, MedianInput, ReportInput, ReportScope, ScopeLevel, TerritoryLabel } from './render';
import { TERRITORY_DIRECTORY, type TerritoryDirectory } from '../territories/territory-directory';

/** The rollup level holding a scope's own figures. */
const ROLLUP_LEVEL: Record<ScopeLevel, 'country' | 'region' | 'province' | 'comune'> = {
  NATIONAL: 'country',
  REGION: 'region',
  PROVINCE: 'province',
  METROPOLITAN_CITY: 'province',
  COMUNE: 'comune',
};
const CHILD_LEVEL: Record<ScopeLevel, 'region' | 'province' | 'comune' | null> = {
  NATIONAL: 'region',
  REGION: 'province',
  PROVINCE: 'comune',
  METROPOLITAN_CITY: 'comune',
  COMUNE: null,
};

/**
 * The questionnaire's channels in the report's categories. A phone screening is run by an
 * operator at a distance; the domain has no phone category yet, so it keeps its own code (it is
 * shown last, and the breakdown still adds up).
 */
const CHANNEL: Record<string, string> = {
  desk: 'OPERATOR_DESK',
  mobile_unit: 'MOBILE_UNIT',
  gazebo: 'OUTREACH_EVENT',
  phone: 'PHONE',
  self: 'SELF_ASSESSMENT',
};

/** Sums of a return's figures, per data element of the return. */
const RETURN_MEASURES: readonly MeasureId[] = ['peopleContacted', 'peopleTakenInCharge', 'needsFound', 'needsResolved', 'helpGiven'];

/** A return's breakdown keys (domain/return-dataset.ts) and the report's breakdowns they fill. */
const RETURN_BREAKDOWNS: Readonly<Record<string, BreakdownId>> = {
  byAgeBand: 'ageBand',
  bySex: 'sex',
  byCitizenshipGroup: 'citizenshipGroup',
  byHousingCondition: 'housingCondition',
  byNeedType: 'needType',
  byHelpType: 'helpType',
};

/** The screening's age band as the report's category: the questionnaire's `unknown` is "not recorded". */
const AGE_BAND = (band: string): string => (band === 'unknown' ? 'NOT_RECORDED' : band);

/** The follow_up column (the screening's place, copied onto the follow-up) holding a scope's children (none below a comune). */
const CHILD_COLUMN: Record<ScopeLevel, 'region_code' | 'province_code' | 'comune_code' | null> = {
  NATIONAL: 'region_code',
  REGION: 'province_code',
  PROVINCE: 'comune_code',
  METROPOLITAN_CITY: 'comune_code',
  COMUNE: null,
};

type Rows = Record<string, unknown>[];
const n = (value: unknown): number => Number(value ?? 0);

function add(target: Record<string, number>, key: string, value: number): void {
  target[key] = (target[key] ?? 0) + value;
}

/**
 * Gathers a report's measures with GROUP BYs over the rollups (screenings, verdicts) and the small
 * per-partner tables (returns, expected reporters, applications), into the domain's ReportInput.
 */
@Injectable()
export class ReportInputBuilder {
  constructor(@Inject(TERRITORY_DIRECTORY) private readonly territories: TerritoryDirectory) {}

  scopeOf(code: string | null | undefined): ReportScope {
    if (!code || code === 'IT') return { level: 'NATIONAL', istatCode: null, name: 'Italia' };
    const level = this.territories.levelOf(code);
    if (!level || level === 'NATIONAL') throw new RangeError(`unknown territory ${code}`);
    return { level, istatCode: code, name: this.territories.nameOf(code) ?? code };
  }

  async build(m: EntityManager, semester: string, scope: ReportScope, version: number, generatedAt: Date): Promise<ReportInput> {
    const current = await this.measures(m, semester, scope, true);
    const previousId = previousSemester(semester).id;
    const previous = await this.measures(m, previousId, scope, false);
    const hasPrevious = (previous.measures.screeningsCompleted?.total ?? 0) > 0;
    const children = [...current.children].sort();
    return {
      semester,
      scope,
      territories: children.map((code): TerritoryLabel => ({
        istatCode: code,
        name: this.territories.nameOf(code) ?? code,
        level: this.territories.levelOf(code) ?? 'COMUNE',
      })),
      version,
      generatedAt: generatedAt.toISOString(),
      ruleSetIds: current.ruleSetIds,
      measures: current.measures,
      medians: current.medians,
      previous: hasPrevious
        ? {
            measures: Object.fromEntries(Object.entries(previous.measures).map(([k, v]) => [k, { total: v.total }])),
            medians: Object.fromEntries(Object.entries(previous.medians).map(([k, v]) => [k, { observations: v.observations, median: v.median }])),
          }
        : null,
      parameterNotes: [],
    };
  }

  /**
   * "I don't know" answers from `unknown_fact_rollup`: per fact (rows with an empty benefit) and per
   * fact and benefit left UNDETERMINED for lack of it, each by channel and by the scope's children.
   * Categories most frequent first, so the report's table leads with what people most often lack.
   */
  private async unknownFactMeasures(
    m: EntityManager,
    semester: string,
    scope: ReportScope,
    withBreakdowns: boolean,
    inChildScope: (child: string) => boolean,
  ): Promise<Partial<Record<MeasureId, MeasureInput>>> {
    const level = ROLLUP_LEVEL[scope.level];
    const code = scope.istatCode ?? 'IT';
    const childLevel = CHILD_LEVEL[scope.level];
    const own = (await m.query(
      `SELECT fact, benefit_id, channel, sum(answers) AS answers FROM unknown_fact_rollup
       WHERE semester = $1 AND level = $2 AND territory_code = $3 GROUP BY fact, benefit_id, channel`,
      [semester, level, code],
    )) as Rows;
    const byChild =
      withBreakdowns && childLevel
        ? (
            (await m.query(
              `SELECT territory_code, benefit_id = '' AS answer, sum(answers) AS answers FROM unknown_fact_rollup
               WHERE semester = $1 AND level = $2 GROUP BY territory_code, benefit_id = ''`,
              [semester, childLevel],
            )) as Rows
          ).filter((r) => inChildScope(String(r.territory_code)))
        : [];
    const ranked = (counts: Record<string, number>): Record<string, number> =>
      Object.fromEntries(Object.entries(counts).sort(([a, x], [b, y]) => y - x || (a < b ? -1 : a > b ? 1 : 0)));
    const measure = (answers: boolean): MeasureInput => {
      const rows = own.filter((r) => (r.benefit_id === '') === answers);
      const total = rows.reduce((sum, r) => sum + n(r.answers), 0);
      if (!withBreakdowns) return { total };
      const byCategory: Record<string, number> = {};
      const byChannel: Record<string, number> = {};
      for (const r of rows) {
        add(byCategory, answers ? String(r.fact) : factBenefitCode(String(r.fact), String(r.benefit_id)), n(r.answers));
        add(byChannel, CHANNEL[String(r.channel)] ?? String(r.channel), n(r.answers));
      }
      const byTerritory: Record<string, number> = {};
      for (const r of byChild) if (r.answer === answers) add(byTerritory, String(r.territory_code), n(r.answers));
      return {
        total,
        by: { [answers ? 'fact' : 'factBenefit']: ranked(byCategory), channel: byChannel, ...(childLevel ? { territory: byTerritory } : {}) },
      };
    };
    return { unknownFactAnswers: measure(true), unknownFactsLeavingUndetermined: measure(false) };
  }

  /** The child of the scope that `code` lies in (itself or an ancestor); null outside the scope. */
  private childOf(code: string, scope: ReportScope): string | null {
    const chain = [code, ...(this.territories.ancestorsOf(code) ?? [])];
    const parent = scope.istatCode ?? 'IT';
    const index = chain.indexOf(parent);
    return index > 0 ? chain[index - 1] : null;
  }

  private inScope(code: string, scope: ReportScope): boolean {
    return scope.istatCode === null || code === scope.istatCode || (this.territories.ancestorsOf(code) ?? []).includes(scope.istatCode);
  }

  private async measures(
    m: EntityManager,
    semester: string,
    scope: ReportScope,
    withBreakdowns: boolean,
  ): Promise<{
    measures: Partial<Record<MeasureId, MeasureInput>>;
    medians: Partial<Record<MeasureId, MedianInput>>;
    children: Set<string>;
    ruleSetIds: string[];
  }> {
    const level = ROLLUP_LEVEL[scope.level];
    const code = scope.istatCode ?? 'IT';
    const childLevel = CHILD_LEVEL[scope.level];
    const children = new Set<string>();
    const inChildScope = (child: string): boolean => (this.territories.ancestorsOf(child) ?? []).includes(code) || code === 'IT';

    const byChannel = (await m.query(
      `SELECT channel, sum(screenings) AS screenings, sum(with_likely) AS with_likely, sum(stopped_isee) AS stopped_isee, sum(stopped_residence) AS stopped_residence
       FROM screening_rollup WHERE semester = $1 AND level = $2 AND territory_code = $3 GROUP BY channel`,
      [semester, level, code],
    )) as Rows;
    const byChild = childLevel
      ? (
          (await m.query(
            `SELECT territory_code, sum(screenings) AS screenings, sum(with_likely) AS with_likely, sum(stopped_isee) AS stopped_isee, sum(stopped_residence) AS stopped_residence
           FROM screening_rollup WHERE semester = $1 AND level = $2 GROUP BY territory_code`,
            [semester, childLevel],
          )) as Rows
        ).filter((r) => inChildScope(String(r.territory_code)))
      : [];
    const benefits = (await m.query(
      `SELECT benefit_id, sum(assessments) AS assessments, sum(likely) AS likely, sum(undetermined) AS undetermined
       FROM benefit_rollup WHERE semester = $1 AND level = $2 AND territory_code = $3 GROUP BY benefit_id`,
      [semester, level, code],
    )) as Rows;
    const likelyByChild = childLevel
      ? (
          (await m.query(`SELECT territory_code, sum(likely) AS likely FROM benefit_rollup WHERE semester = $1 AND level = $2 GROUP BY territory_code`, [
            semester,
            childLevel,
          ])) as Rows
        ).filter((r) => inChildScope(String(r.territory_code)))
      : [];
    for (const r of [...byChild, ...likelyByChild]) children.add(String(r.territory_code));

    const sumOf = (rows: Rows, column: string): number => rows.reduce((sum, r) => sum + n(r[column]), 0);
    const countsBy = (rows: Rows, key: string, column: string, map: (k: string) => string = (k) => k): CategoryCounts => {
      const out: Record<string, number> = {};
      for (const r of rows) add(out, map(String(r[key])), n(r[column]));
      return out;
    };
    const screeningMeasure = (column: string, breakdowns: ('channel' | 'territory')[]): MeasureInput => ({
      total: sumOf(byChannel, column),
      by: withBreakdowns
        ? {
            ...(breakdowns.includes('channel') ? { channel: countsBy(byChannel, 'channel', column, (c) => CHANNEL[c] ?? c) } : {}),
            ...(breakdowns.includes('territory') && childLevel ? { territory: countsBy(byChild, 'territory_code', column) } : {}),
          }
        : undefined,
    });
    const measures: Partial<Record<MeasureId, MeasureInput>> = {
      screeningsCompleted: screeningMeasure('screenings', ['channel', 'territory']),
      screeningsWithLikelyBenefit: screeningMeasure('with_likely', ['channel', 'territory']),
      screeningsStoppedMissingIsee: screeningMeasure('stopped_isee', ['territory']),
      screeningsStoppedMissingResidence: screeningMeasure('stopped_residence', ['territory']),
      benefitAssessments: {
        total: sumOf(benefits, 'assessments'),
        by: withBreakdowns ? { benefit: countsBy(benefits, 'benefit_id', 'assessments') } : undefined,
      },
      likelyVerdicts: {
        total: sumOf(benefits, 'likely'),
        by: withBreakdowns
          ? { benefit: countsBy(benefits, 'benefit_id', 'likely'), ...(childLevel ? { territory: countsBy(likelyByChild, 'territory_code', 'likely') } : {}) }
          : undefined,
      },
      undeterminedVerdicts: {
        total: sumOf(benefits, 'undetermined'),
        by: withBreakdowns ? { benefit: countsBy(benefits, 'benefit_id', 'undetermined') } : undefined,
      },
    };

    Object.assign(measures, await this.unknownFactMeasures(m, semester, scope, withBreakdowns, inChildScope));

    const applications = await this.applications(m, semester, scope, withBreakdowns);
    Object.assign(measures, applications.measures);
    const partner = await this.returnsMeasures(m, semester, scope, withBreakdowns && childLevel !== null, children, withBreakdowns);
    Object.assign(measures, partner);
    Object.assign(measures, await this.outreachMeasures(m, semester, scope, withBreakdowns && childLevel !== null, children));
    Object.assign(measures, await this.mobileUnitMeasures(m, semester, scope, withBreakdowns && childLevel !== null, children));
    const governance = await this.governanceMeasures(m, semester, scope, withBreakdowns);
    Object.assign(measures, governance.measures);
    Object.assign(measures, await this.escalationMeasures(m, semester, scope, withBreakdowns && childLevel !== null, children));

    // The semester's rule sets by skipping through the (semester, rule_set_id) index, one probe per
    // rule set (a DISTINCT read every row); then, below the national level, those with a screening in scope.
    const ruleSets = (await m.query(
      `WITH RECURSIVE r AS (
         (SELECT rule_set_id FROM screening_outcome WHERE semester = $1 ORDER BY rule_set_id LIMIT 1)
         UNION ALL
         SELECT (SELECT s.rule_set_id FROM screening_outcome s WHERE s.semester = $1 AND s.rule_set_id > r.rule_set_id ORDER BY s.rule_set_id LIMIT 1)
         FROM r WHERE r.rule_set_id IS NOT NULL
       )
       SELECT rule_set_id FROM r
       WHERE rule_set_id IS NOT NULL AND ($2::text = 'IT' OR EXISTS (
         SELECT 1 FROM screening_outcome s WHERE s.semester = $1 AND s.rule_set_id = r.rule_set_id
           AND (s.comune_code = $2 OR s.province_code = $2 OR s.region_code = $2)))
       ORDER BY 1`,
      [semester, code],
    )) as Rows;
    return {
      measures,
      medians: { ...applications.medians, ...governance.medians },
      children,
      ruleSetIds: ruleSets.map((r) => String(r.rule_set_id)),
    };
  }

  /**
   * Applications filed in the semester by partners, by benefit and result (the screening's day and
   * place are on the follow-up row), and two durations per benefit: screening to application (the follow-up's
   * day, when the partner filed it) and screening to grant (the result's day). percentile_cont
   * takes the mean of the two middle values, as domain/indicators.ts `median` does.
   */
  private async applications(
    m: EntityManager,
    semester: string,
    scope: ReportScope,
    withBreakdowns: boolean,
  ): Promise<{ measures: Partial<Record<MeasureId, MeasureInput>>; medians: Partial<Record<MeasureId, MedianInput>> }> {
    const code = scope.istatCode ?? 'IT';
    const rows = (await m.query(
      `SELECT a.benefit_id, count(*) AS filed, count(*) FILTER (WHERE a.result = 'GRANTED') AS granted, count(*) FILTER (WHERE a.result <> 'PENDING') AS decided,
         percentile_cont(0.5) WITHIN GROUP (ORDER BY f.day - f.screening_day) AS to_application,
         percentile_cont(0.5) WITHIN GROUP (ORDER BY a.result_date - f.screening_day) FILTER (WHERE a.result = 'GRANTED') AS to_grant
       FROM follow_up f JOIN follow_up_application a ON a.follow_up_id = f.id
       WHERE f.semester = $1 AND ($2::text = 'IT' OR f.comune_code = $2 OR f.province_code = $2 OR f.region_code = $2)
       GROUP BY GROUPING SETS ((a.benefit_id), ())`,
      [semester, code],
    )) as Rows;
    const total = rows.find((r) => r.benefit_id === null);
    const byBenefit = rows.filter((r) => r.benefit_id !== null);
    const measure = (column: string): MeasureInput => {
      const by: Record<string, number> = {};
      for (const r of byBenefit) add(by, String(r.benefit_id), n(r[column]));
      return { total: n(total?.[column]), by: withBreakdowns ? { benefit: by } : undefined };
    };
    const median = (observations: string, column: string): MedianInput => {
      const cell = (r: Record<string, unknown> | undefined) => ({ observations: n(r?.[observations]), median: r?.[column] == null ? null : Number(r[column]) });
      const by = Object.fromEntries(byBenefit.filter((r) => n(r[observations]) > 0).map((r) => [String(r.benefit_id), cell(r)]));
      return { ...cell(total), by: withBreakdowns ? { benefit: by } : undefined };
    };
    return {
      measures: { applicationsFiled: measure('filed'), applicationsGranted: measure('granted'), applicationsDecided: measure('decided') },
      medians: { daysScreeningToApplication: median('filed', 'to_application'), daysScreeningToGrant: median('granted', 'to_grant') },
    };
  }

  /** Outreach events held in the semester (outreach-event.held), the share communicated in time, and the people contacted there. */
  private async outreachMeasures(
    m: EntityManager,
    semester: string,
    scope: ReportScope,
    byTerritory: boolean,
    children: Set<string>,
  ): Promise<Partial<Record<MeasureId, MeasureInput>>> {
    const code = scope.istatCode ?? 'IT';
    const rows = (await m.query(
      `SELECT territory_code, count(*) AS held, count(*) FILTER (WHERE communicated_in_time) AS in_time, sum(people_contacted) AS people
       FROM outreach_event
       WHERE semester = $1 AND ($2::text = 'IT' OR territory_code = $2 OR province_code = $2 OR region_code = $2)
       GROUP BY territory_code`,
      [semester, code],
    )) as Rows;
    // An event placed above the scope's children (a regional event in a regional report) counts in the total only.
    const measure = (column: string): MeasureInput => this.byChild(rows, column, scope, byTerritory, children);
    return { outreachEventsHeld: measure('held'), outreachEventsCommunicatedInTime: measure('in_time'), outreachPeopleContacted: measure('people') };
  }

  /**
   * Mobile-unit requests decided in the semester (mobile-unit-request.decided, by the day of their
   * first decision), approved or rejected, and those filed at least MOBILE_UNIT_MIN_LEAD_DAYS ahead.
   */
  private async mobileUnitMeasures(
    m: EntityManager,
    semester: string,
    scope: ReportScope,
    byTerritory: boolean,
    children: Set<string>,
  ): Promise<Partial<Record<MeasureId, MeasureInput>>> {
    const rows = (await m.query(
      `SELECT territory_code, count(*) AS requests, count(*) FILTER (WHERE lead_time_days >= $3) AS on_time
       FROM mobile_unit_request
       WHERE semester = $1 AND ($2::text = 'IT' OR territory_code = $2 OR province_code = $2 OR region_code = $2)
       GROUP BY territory_code`,
      [semester, scope.istatCode ?? 'IT', MOBILE_UNIT_MIN_LEAD_DAYS],
    )) as Rows;
    const measure = (column: string): MeasureInput => this.byChild(rows, column, scope, byTerritory, children);
    return { mobileUnitRequests: measure('requests'), mobileUnitRequestsOnTime: measure('on_time') };
  }

  /**
   * Issues of local technical tables escalated to the central table in the semester
   * (technical-table-issue.escalated); one without a territory counts in the national total only.
   */
  private async escalationMeasures(
    m: EntityManager,
    semester: string,
    scope: ReportScope,
    byTerritory: boolean,
    children: Set<string>,
  ): Promise<Partial<Record<MeasureId, MeasureInput>>> {
    const rows = (await m.query(
      `SELECT territory_code, count(*) AS escalated
       FROM escalated_issue
       WHERE semester = $1 AND ($2::text = 'IT' OR territory_code = $2 OR province_code = $2 OR region_code = $2)
       GROUP BY territory_code`,
      [semester, scope.istatCode ?? 'IT'],
    )) as Rows;
    return { technicalTableIssuesEscalated: this.byChild(rows, 'escalated', scope, byTerritory, children) };
  }

  /** A total over rows grouped by territory_code, and its breakdown by the scope's children (a row above them is in the total only). */
  private byChild(rows: Rows, column: string, scope: ReportScope, byTerritory: boolean, children: Set<string>): MeasureInput {
    const by: Record<string, number> = {};
    let total = 0;
    for (const r of rows) {
      total += n(r[column]);
      const child = r.territory_code === null ? null : this.childOf(String(r.territory_code), scope);
      if (child) {
        add(by, child, n(r[column]));
        children.add(child);
      }
    }
    return { total, by: byTerritory ? { territory: by } : undefined };
  }

  /**
   * Agreements active on the semester's last day whose territories reach the scope (an agreement
   * for Italy, a region above it, or a territory inside it), by kind; and the scope's territories
   * one level down that such an agreement covers. Review times (agreement.reviewed: every decision
   * of the semester on an agreement reaching the scope, whatever it was) and technical-table
   * meetings held in the semester (technical-table-meeting.held, by level: the central table's
   * meetings count in the national figure only, a local table's where its territory lies).
   */
  private async governanceMeasures(
    m: EntityManager,
    semester: string,
    scope: ReportScope,
    withBreakdowns: boolean,
  ): Promise<{ measures: Partial<Record<MeasureId, MeasureInput>>; medians: Partial<Record<MeasureId, MedianInput>> }> {
    const code = scope.istatCode ?? 'IT';
    const last = semesterLastDay(semester);
    const agreements = (await m.query(
      `SELECT agreement_id, kind, territories FROM agreement_state
       WHERE activated AND valid_from <= $1 AND (LEAST(valid_to, ended_on) IS NULL OR LEAST(valid_to, ended_on) >= $1)`,
      [last],
    )) as { agreement_id: string; kind: string | null; territories: string[] }[];
    const chainOf = (territory: string): string[] => [territory, ...(this.territories.ancestorsOf(territory) ?? [])];
    const scopeChain = code === 'IT' ? ['IT'] : chainOf(code);
    const reaches = (territory: string): boolean => scopeChain.includes(territory) || territory === 'IT' || this.inScope(territory, scope);
    const active = agreements.filter((a) => a.territories.some(reaches));
    const byKind: Record<string, number> = {};
    for (const a of active) add(byKind, a.kind ?? 'UNKNOWN', 1);

    const inScope = code === 'IT' || CHILD_LEVEL[scope.level] !== null ? this.territories.childrenOf(code) : [code];
    const units = inScope.length > 0 ? inScope : [code];
    const covered = units.filter((unit) => {
      const unitChain = chainOf(unit);
      return active.some((a) => a.territories.some((t) => unitChain.includes(t) || t === 'IT' || chainOf(t).includes(unit)));
    });
    const reviews = (
      (await m.query(`SELECT territories, review_days FROM agreement_review WHERE semester = $1`, [semester])) as {
        territories: string[];
        review_days: number;
      }[]
    ).filter((r) => r.territories.some(reaches));
    const reviewDays = reviews.map((r) => Number(r.review_days));
    const meetings = (await m.query(
      `SELECT level, count(*) AS held FROM technical_table_meeting
       WHERE semester = $1 AND ($2::text = 'IT' OR territory_code = $2 OR province_code = $2 OR region_code = $2)
       GROUP BY level`,
      [semester, code],
    )) as Rows;
    const byLevel: Record<string, number> = {};
    for (const r of meetings) add(byLevel, String(r.level), n(r.held));
    return {
      measures: {
        activeAgreements: { total: active.length, by: withBreakdowns ? { agreementKind: byKind } : undefined },
        territoriesCovered: { total: covered.length },
        territoriesInScope: { total: units.length },
        technicalTableMeetings: { total: meetings.reduce((sum, r) => sum + n(r.held), 0), by: withBreakdowns ? { tableLevel: byLevel } : undefined },
      },
      medians: { agreementReviewDays: { observations: reviewDays.length, median: median(reviewDays) } },
    };
  }

  /**
   * Returns expected, received and on time; and the people contacted and taken in charge, the needs
   * found and resolved and the help given, from two sources without counting the same work twice.
   * A partner's accepted return is its complete count for its territory and semester, its
   * follow-ups included; so a follow-up counts only where its organisation has no accepted return
   * of the semester for the screening's comune, province or region (for a screening without a
   * comune: no accepted return of the semester at all). Each follow-up is one person taken in
   * charge (and contacted), its needs and help one each; needs resolved come from returns only.
   * The `source` breakdown says how much of each figure comes from which.
   */
  private async returnsMeasures(
    m: EntityManager,
    semester: string,
    scope: ReportScope,
    byTerritory: boolean,
    children: Set<string>,
    withBreakdowns: boolean,
  ): Promise<Partial<Record<MeasureId, MeasureInput>>> {
    const expected = (
      (await m.query(
        `SELECT DISTINCT organisation_id, territory_code FROM expected_reporter WHERE active_from <= $2 AND (active_to IS NULL OR active_to >= $1)`,
        [semesterFirstDay(semester), semesterLastDay(semester)],
      )) as Rows
    ).filter((r) => this.inScope(String(r.territory_code), scope));
    const returns = (
      (await m.query(
        `SELECT organisation_id, territory_code, status, on_time, "values" FROM partner_return WHERE semester = $1 AND first_submitted_at IS NOT NULL`,
        [semester],
      )) as Rows
    ).filter((r) => this.inScope(String(r.territory_code), scope));

    const tally = (rows: Rows, value: (r: Record<string, unknown>) => number): MeasureInput => {
      const by: Record<string, number> = {};
      let total = 0;
      for (const r of rows) {
        const v = value(r);
        total += v;
        const child = this.childOf(String(r.territory_code), scope);
        if (child) {
          add(by, child, v);
          children.add(child);
        }
      }
      return { total, by: byTerritory ? { territory: by } : undefined };
    };
    const out: Partial<Record<MeasureId, MeasureInput>> = {
      returnsExpected: tally(expected, () => 1),
      returnsReceived: tally(returns, () => 1),
      returnsOnTime: tally(returns, (r) => (r.on_time === true ? 1 : 0)),
    };
    const accepted = returns.filter((r) => r.status === 'ACCEPTED');
    type Element = { total?: number } & Record<string, unknown>;
    const followUps = await this.followUpMeasures(m, semester, scope, withBreakdowns);
    for (const measure of RETURN_MEASURES) {
      const element = (r: Record<string, unknown>): Element => ((r.values as Record<string, Element>)[measure] ?? {}) as Element;
      const fromReturns = tally(accepted, (r) => n(element(r).total));
      const fromFollowUps = followUps[measure];
      const by: Partial<Record<BreakdownId, Record<string, number>>> = {};
      if (withBreakdowns) {
        if (byTerritory) by.territory = { ...(fromReturns.by?.territory ?? {}) };
        for (const r of accepted) {
          for (const [key, breakdown] of Object.entries(RETURN_BREAKDOWNS)) {
            const cells = element(r)[key];
            if (!cells || typeof cells !== 'object') continue;
            const target = (by[breakdown] ??= {});
            for (const [category, count] of Object.entries(cells as Record<string, unknown>)) add(target, category, n(count));
          }
        }
        if (fromFollowUps) {
          for (const [breakdown, cells] of Object.entries(fromFollowUps.by ?? {}) as [BreakdownId, Record<string, number>][]) {
            if (breakdown === 'territory' && !byTerritory) continue;
            const target = (by[breakdown] ??= {});
            for (const [category, count] of Object.entries(cells)) {
              add(target, category, count);
              if (breakdown === 'territory') children.add(category);
            }
          }
          by.source = { FOLLOW_UPS: fromFollowUps.total, RETURNS: fromReturns.total };
        }
      }
      out[measure] = { total: fromReturns.total + (fromFollowUps?.total ?? 0), by: withBreakdowns ? by : undefined };
    }
    return out;
  }

  /** The follow-ups of the semester in scope that no accepted return counts (see returnsMeasures), as measures. */
  private async followUpMeasures(
    m: EntityManager,
    semester: string,
    scope: ReportScope,
    withBreakdowns: boolean,
  ): Promise<Partial<Record<MeasureId, MeasureInput>>> {
    const code = scope.istatCode ?? 'IT';
    const childColumn = CHILD_COLUMN[scope.level];
    const uncovered = `
      FROM follow_up f
      WHERE f.semester = $1 AND ($2::text = 'IT' OR f.comune_code = $2 OR f.province_code = $2 OR f.region_code = $2)
        AND NOT EXISTS (
          SELECT 1 FROM partner_return r
          WHERE r.organisation_id = f.organisation_id AND r.semester = f.semester AND r.status = 'ACCEPTED'
            AND (f.comune_code IS NULL OR r.territory_code IN (f.comune_code, f.province_code, f.region_code)))`;
    // One person per screening, however many partners followed it up. age_band is never null, so a
    // row of the first set has none and a row of the second has no child.
    const people = (await m.query(
      `SELECT ${childColumn ? `f.${childColumn}` : 'NULL'} AS child, f.age_band, count(DISTINCT f.screening_id) AS people,
         sum(cardinality(f.needs)) AS needs, sum(cardinality(f.help_types)) AS help
       ${uncovered}
       GROUP BY GROUPING SETS ((1), (2))`,
      [semester, code],
    )) as Rows;
    const grandTotal = (await m.query(
      `SELECT count(DISTINCT f.screening_id) AS people, coalesce(sum(cardinality(f.needs)), 0) AS needs, coalesce(sum(cardinality(f.help_types)), 0) AS help ${uncovered}`,
      [semester, code],
    )) as Rows;
    const byChild = (column: string): Record<string, number> => {
      const out: Record<string, number> = {};
      for (const r of people) if (r.child !== null && r.age_band === null) add(out, String(r.child), n(r[column]));
      return out;
    };
    const byAge: Record<string, number> = {};
    for (const r of people) if (r.age_band !== null && r.child === null) add(byAge, AGE_BAND(String(r.age_band)), n(r.people));
    const byCategory = async (column: 'needs' | 'help_types'): Promise<Record<string, number>> => {
      const rows = (await m.query(
        `SELECT c AS category, count(*) AS n ${uncovered.replace('FROM follow_up f', `FROM follow_up f CROSS JOIN LATERAL unnest(f.${column}) AS c`)} GROUP BY 1`,
        [semester, code],
      )) as Rows;
      return Object.fromEntries(rows.map((r) => [String(r.category), n(r.n)]));
    };
    const g = grandTotal[0] ?? {};
    const territory = (column: string) => (childColumn ? { territory: byChild(column) } : {});
    const personMeasure = (): MeasureInput => ({ total: n(g.people), by: withBreakdowns ? { ...territory('people'), ageBand: byAge } : undefined });
    return {
      peopleContacted: personMeasure(),
      peopleTakenInCharge: personMeasure(),
      needsFound: { total: n(g.needs), by: withBreakdowns ? { ...territory('needs'), needType: await byCategory('needs') } : undefined },
      helpGiven: { total: n(g.help), by: withBreakdowns ? { ...territory('help'), helpType: await byCategory('help_types') } : undefined },
    };
  }
}

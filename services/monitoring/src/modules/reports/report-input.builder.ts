import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { previousSemester, semesterFirstDay, semesterLastDay, type MeasureId } from '../../domain';
import type { CategoryCounts, MeasureInput, ReportInput, ReportScope, ScopeLevel, TerritoryLabel } from '../../reports/render';
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
      territories: children.map((code): TerritoryLabel => ({ istatCode: code, name: this.territories.nameOf(code) ?? code, level: this.territories.levelOf(code) ?? 'COMUNE' })),
      version,
      generatedAt: generatedAt.toISOString(),
      ruleSetIds: current.ruleSetIds,
      measures: current.measures,
      medians: {},
      previous: hasPrevious ? { measures: Object.fromEntries(Object.entries(previous.measures).map(([k, v]) => [k, { total: v.total }])), medians: {} } : null,
      parameterNotes: [],
    };
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
  ): Promise<{ measures: Partial<Record<MeasureId, MeasureInput>>; children: Set<string>; ruleSetIds: string[] }> {
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
      ? ((await m.query(
          `SELECT territory_code, sum(screenings) AS screenings, sum(with_likely) AS with_likely, sum(stopped_isee) AS stopped_isee, sum(stopped_residence) AS stopped_residence
           FROM screening_rollup WHERE semester = $1 AND level = $2 GROUP BY territory_code`,
          [semester, childLevel],
        )) as Rows).filter((r) => inChildScope(String(r.territory_code)))
      : [];
    const benefits = (await m.query(
      `SELECT benefit_id, sum(assessments) AS assessments, sum(likely) AS likely, sum(undetermined) AS undetermined
       FROM benefit_rollup WHERE semester = $1 AND level = $2 AND territory_code = $3 GROUP BY benefit_id`,
      [semester, level, code],
    )) as Rows;
    const likelyByChild = childLevel
      ? ((await m.query(`SELECT territory_code, sum(likely) AS likely FROM benefit_rollup WHERE semester = $1 AND level = $2 GROUP BY territory_code`, [semester, childLevel])) as Rows).filter((r) =>
          inChildScope(String(r.territory_code)),
        )
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
      benefitAssessments: { total: sumOf(benefits, 'assessments'), by: withBreakdowns ? { benefit: countsBy(benefits, 'benefit_id', 'assessments') } : undefined },
      likelyVerdicts: {
        total: sumOf(benefits, 'likely'),
        by: withBreakdowns
          ? { benefit: countsBy(benefits, 'benefit_id', 'likely'), ...(childLevel ? { territory: countsBy(likelyByChild, 'territory_code', 'likely') } : {}) }
          : undefined,
      },
      undeterminedVerdicts: { total: sumOf(benefits, 'undetermined'), by: withBreakdowns ? { benefit: countsBy(benefits, 'benefit_id', 'undetermined') } : undefined },
    };

    Object.assign(measures, await this.applications(m, semester, scope, withBreakdowns));
    const partner = await this.returnsMeasures(m, semester, scope, withBreakdowns && childLevel !== null, children);
    Object.assign(measures, partner);

    const ruleSets = (await m.query(
      `SELECT DISTINCT rule_set_id FROM screening_outcome WHERE semester = $1 AND ($2::text = 'IT' OR comune_code = $2 OR province_code = $2 OR region_code = $2) ORDER BY 1`,
      [semester, code],
    )) as Rows;
    return { measures, children, ruleSetIds: ruleSets.map((r) => String(r.rule_set_id)) };
  }

  /** Applications filed in the semester by partners, by benefit and result (ancestors are on the screening row). */
  private async applications(m: EntityManager, semester: string, scope: ReportScope, withBreakdowns: boolean): Promise<Partial<Record<MeasureId, MeasureInput>>> {
    const code = scope.istatCode ?? 'IT';
    const rows = (await m.query(
      `SELECT a.benefit_id, count(*) AS filed, count(*) FILTER (WHERE a.result = 'GRANTED') AS granted, count(*) FILTER (WHERE a.result <> 'PENDING') AS decided
       FROM follow_up f JOIN follow_up_application a ON a.follow_up_id = f.id JOIN screening_outcome s ON s.screening_id = f.screening_id
       WHERE f.semester = $1 AND ($2::text = 'IT' OR s.comune_code = $2 OR s.province_code = $2 OR s.region_code = $2)
       GROUP BY a.benefit_id`,
      [semester, code],
    )) as Rows;
    const measure = (column: string): MeasureInput => {
      const by: Record<string, number> = {};
      for (const r of rows) add(by, String(r.benefit_id), n(r[column]));
      return { total: rows.reduce((sum, r) => sum + n(r[column]), 0), by: withBreakdowns ? { benefit: by } : undefined };
    };
    return { applicationsFiled: measure('filed'), applicationsGranted: measure('granted'), applicationsDecided: measure('decided') };
  }

  /** Returns expected, received and on time, and the accepted returns' figures. */
  private async returnsMeasures(
    m: EntityManager,
    semester: string,
    scope: ReportScope,
    byTerritory: boolean,
    children: Set<string>,
  ): Promise<Partial<Record<MeasureId, MeasureInput>>> {
    const expected = ((await m.query(
      `SELECT DISTINCT organisation_id, territory_code FROM expected_reporter WHERE active_from <= $2 AND (active_to IS NULL OR active_to >= $1)`,
      [semesterFirstDay(semester), semesterLastDay(semester)],
    )) as Rows).filter((r) => this.inScope(String(r.territory_code), scope));
    const returns = ((await m.query(
      `SELECT organisation_id, territory_code, status, on_time, "values" FROM partner_return WHERE semester = $1 AND first_submitted_at IS NOT NULL`,
      [semester],
    )) as Rows).filter((r) => this.inScope(String(r.territory_code), scope));

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
    for (const measure of RETURN_MEASURES) {
      out[measure] = tally(accepted, (r) => n(((r.values as Record<string, { total?: number }>)[measure] ?? {}).total));
    }
    return out;
  }
}

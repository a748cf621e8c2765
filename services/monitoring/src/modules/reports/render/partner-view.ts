import { indicatorById, MEASURES, MeasureId } from '../../../domain/indicators';
import { AdditiveRelation, CellStatus, isSmallCount, medianVisible, suppressSmallCounts } from '../../../domain/suppression';
import {
  BreakdownFigures,
  CategoryFigures,
  ChangeFigures,
  deriveSections,
  IndicatorFigures,
  isSuppressed,
  PreviousFigures,
  ReportNumber,
  ReportSnapshot,
  Suppressed,
} from './report-snapshot';

/**
 * The partners' version of a report: internal indicators removed and small counts suppressed
 * (see domain/suppression.ts for the rule). Each figure is identified by what it counts, not by
 * where it is printed, e.g. `peopleTakenInCharge|territory|057`: the same count shown in the
 * key figures, the territory table and a take-in-charge rate gets one decision.
 */

const PREVIOUS = 'previous:';

function cellKey(measure: MeasureId, breakdown?: string, category?: string): string {
  return breakdown === undefined ? measure : `${measure}|${breakdown}|${category}`;
}

function aboutPeople(measure: MeasureId | null): measure is MeasureId {
  return measure !== null && MEASURES[measure].aboutPeople;
}

class CellCollector {
  readonly cells = new Map<string, number>();
  private readonly relations = new Map<string, AdditiveRelation>();

  add(key: string, value: ReportNumber): void {
    if (typeof value !== 'number') return;
    const known = this.cells.get(key);
    if (known !== undefined && known !== value) {
      throw new Error(`Inconsistent snapshot: ${key} is ${known} in one place and ${value} in another`);
    }
    this.cells.set(key, value);
  }

  relate(total: string, parts: string[]): void {
    if (!this.cells.has(total) || parts.some((part) => !this.cells.has(part))) return;
    const relation = { total, parts };
    this.relations.set(JSON.stringify(relation), relation);
  }

  get relationList(): AdditiveRelation[] {
    return [...this.relations.values()];
  }
}

function collect(indicators: readonly IndicatorFigures[]): CellCollector {
  const collector = new CellCollector();
  for (const row of indicators) {
    const measures: [MeasureId | null, 'numerator' | 'denominator'][] = [
      [row.numeratorMeasure, 'numerator'],
      [row.denominatorMeasure, 'denominator'],
    ];
    for (const [measure, side] of measures) {
      if (!aboutPeople(measure)) continue;
      collector.add(cellKey(measure), row[side]);
      if (row.previous) collector.add(PREVIOUS + cellKey(measure), row.previous[side]);
      for (const breakdown of row.breakdowns) {
        for (const figures of breakdown.categories) collector.add(cellKey(measure, breakdown.breakdown, figures.category), figures[side]);
      }
    }
  }
  for (const row of indicators) {
    for (const measure of [row.numeratorMeasure, row.denominatorMeasure]) {
      if (!aboutPeople(measure)) continue;
      for (const breakdown of row.breakdowns) {
        if (!breakdown.additive) continue;
        collector.relate(
          cellKey(measure),
          breakdown.categories.map((figures) => cellKey(measure, breakdown.breakdown, figures.category)),
        );
      }
    }
  }
  return collector;
}

const DERIVED: Suppressed = { suppressed: 'derived' };

export function toPartnerView(snapshot: ReportSnapshot): ReportSnapshot {
  if (snapshot.meta.partnerView) return snapshot;
  const visibleRows = snapshot.indicators.filter((row) => indicatorById(row.indicatorId)?.partnerVisible === true);
  const collector = collect(visibleRows);
  const { status, unresolved } = suppressSmallCounts({ cells: collector.cells, relations: collector.relationList });
  if (unresolved.length > 0) {
    // Cannot happen for the report shapes we build; refusing beats publishing a small count.
    throw new Error(`Suppression could not protect: ${unresolved.join(', ')}`);
  }
  const statusOf = (key: string): CellStatus => status.get(key) ?? 'visible';
  const hide = (key: string, value: ReportNumber): ReportNumber => {
    if (typeof value !== 'number') return value;
    const cellStatus = statusOf(key);
    return cellStatus === 'visible' ? value : { suppressed: cellStatus };
  };
  const suppressSide = (measure: MeasureId | null, key: string, value: ReportNumber): ReportNumber => (aboutPeople(measure) ? hide(key, value) : value);

  const valueOf = (
    row: IndicatorFigures,
    numerator: ReportNumber,
    denominator: ReportNumber,
    original: ReportNumber,
    observations: ReportNumber,
  ): ReportNumber => {
    if (original === null || isSuppressed(original)) return original;
    if (row.unit === 'count') return numerator;
    if (row.unit === 'share') return isSuppressed(numerator) || isSuppressed(denominator) ? DERIVED : original;
    // A median of fewer than 5 durations could describe one person's case.
    if (!aboutPeople(row.numeratorMeasure)) return original;
    return typeof observations === 'number' && medianVisible(observations) ? original : DERIVED;
  };

  const indicators: IndicatorFigures[] = visibleRows.map((row) => {
    const numKey = row.numeratorMeasure;
    const denKey = row.denominatorMeasure;
    const numerator = suppressSide(numKey, cellKey(numKey), row.numerator);
    const denominator = denKey ? suppressSide(denKey, cellKey(denKey), row.denominator) : row.denominator;
    const value = valueOf(row, numerator, denominator, row.value, row.numerator);

    let previous: PreviousFigures | null = null;
    if (row.previous) {
      const pNum = suppressSide(numKey, PREVIOUS + cellKey(numKey), row.previous.numerator);
      const pDen = denKey ? suppressSide(denKey, PREVIOUS + cellKey(denKey), row.previous.denominator) : row.previous.denominator;
      previous = { numerator: pNum, denominator: pDen, value: valueOf(row, pNum, pDen, row.previous.value, row.previous.numerator) };
    }
    let change: ChangeFigures | null = row.change;
    if (change && (isSuppressed(value) || !previous || isSuppressed(previous.value))) {
      change = { absolute: change.absolute === null ? null : DERIVED, percent: change.percent === null ? null : DERIVED };
    }

    const breakdowns: BreakdownFigures[] = row.breakdowns.map((breakdown) => ({
      ...breakdown,
      categories: breakdown.categories.map((figures): CategoryFigures => {
        const cNum = suppressSide(numKey, cellKey(numKey, breakdown.breakdown, figures.category), figures.numerator);
        const cDen = denKey ? suppressSide(denKey, cellKey(denKey, breakdown.breakdown, figures.category), figures.denominator) : figures.denominator;
        return { ...figures, numerator: cNum, denominator: cDen, value: valueOf(row, cNum, cDen, figures.value, figures.numerator) };
      }),
    }));
    return { ...row, numerator, denominator, value, previous, change, breakdowns };
  });

  const meta = { ...snapshot.meta, partnerView: true };
  return {
    ...snapshot,
    meta,
    ...deriveSections(meta, indicators),
    indicators,
  };
}

/**
 * Refuses a partner-view snapshot that still shows a count from 1 to 4 or an internal
 * indicator. Renderers call it so that a snapshot built by hand cannot leak.
 */
export function assertPartnerSafe(snapshot: ReportSnapshot): void {
  if (!snapshot.meta.partnerView) return;
  const problems: string[] = [];
  for (const row of snapshot.indicators) {
    if (indicatorById(row.indicatorId)?.partnerVisible !== true) problems.push(`${row.indicatorId} is internal`);
    const check = (measure: MeasureId | null, value: ReportNumber, where: string): void => {
      if (aboutPeople(measure) && typeof value === 'number' && isSmallCount(value)) problems.push(`${where} shows ${value}`);
    };
    check(row.numeratorMeasure, row.numerator, `${row.indicatorId} numerator`);
    check(row.denominatorMeasure, row.denominator, `${row.indicatorId} denominator`);
    if (row.previous) {
      check(row.numeratorMeasure, row.previous.numerator, `${row.indicatorId} previous numerator`);
      check(row.denominatorMeasure, row.previous.denominator, `${row.indicatorId} previous denominator`);
    }
    for (const breakdown of row.breakdowns) {
      for (const figures of breakdown.categories) {
        check(row.numeratorMeasure, figures.numerator, `${row.indicatorId} ${breakdown.breakdown} ${figures.category}`);
        check(row.denominatorMeasure, figures.denominator, `${row.indicatorId} ${breakdown.breakdown} ${figures.category} denominator`);
      }
    }
  }
  if (snapshot.governance) problems.push('governance figures are internal');
  if (problems.length > 0) throw new Error(`Snapshot marked for partners is not safe: ${problems.slice(0, 5).join('; ')}`);
}

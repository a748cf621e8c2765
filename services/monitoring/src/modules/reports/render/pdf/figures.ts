import { type BreakdownFigures, type IndicatorFigures, isSuppressed, plainNumber, type ReportNumber, type ReportSnapshot } from '../report-snapshot';

/** Reading the snapshot's indicator rows from the sections. */

export function row(snapshot: ReportSnapshot, id: string): IndicatorFigures | undefined {
  return snapshot.indicators.find((indicator) => indicator.indicatorId === id);
}

export function breakdown(snapshot: ReportSnapshot, id: string, name: string): BreakdownFigures | undefined {
  return row(snapshot, id)?.breakdowns.find((figures) => figures.breakdown === name);
}

/** category / total as a share, only when both are shown. */
export function partOf(part: ReportNumber, total: ReportNumber): ReportNumber {
  if (isSuppressed(part)) return { suppressed: 'derived' };
  const p = plainNumber(part);
  const w = plainNumber(total);
  return p === null || w === null || w === 0 ? null : p / w;
}

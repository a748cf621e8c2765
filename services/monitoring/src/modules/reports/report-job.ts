/** The reports queue: one job per report, and the scheduler's semiannual trigger. */
export const REPORTS_QUEUE = 'reports';
export const REPORT_JOB = 'report';
export const SEMIANNUAL_JOB = 'semiannual';
export const SEMIANNUAL_SCHEDULER_ID = 'semiannual-reports';
/** 02:00 in Rome on 1 January and 1 July: right after each semester has ended. */
export const SEMIANNUAL_PATTERN = '0 2 1 1,7 *';

export interface ReportJobData {
  readonly reportId: string;
  readonly semester: string;
  readonly scopeLevel: string;
  readonly scopeCode: string;
  readonly version: number;
}

/** Deterministic, so that enqueuing the same report twice collapses into one job. */
export function reportJobId(d: Pick<ReportJobData, 'semester' | 'scopeLevel' | 'scopeCode' | 'version'>): string {
  return `report-${d.semester}-${d.scopeLevel}-${d.scopeCode}-v${d.version}`;
}

import { defineJob, defineQueue } from '@inps/shared';
import type { MonitoringConfig } from '../../monitoring.config';

/** One report at a time: rendering is CPU-bound and the chart worker is shared. */
export const REPORTS_QUEUE = defineQueue({ name: 'reports', concurrency: 1 });

export interface ReportJobData {
  readonly reportId: string;
  readonly semester: string;
  readonly scopeLevel: string;
  readonly scopeCode: string;
  readonly version: number;
}

/** Compiles one report; its id comes from the report (reportJobId). */
export const REPORT_JOB = defineJob<ReportJobData>({ queue: REPORTS_QUEUE, name: 'report' });

export const SEMIANNUAL_SCHEDULER_ID = 'semiannual-reports';
/** 02:00 in Rome on 1 January and 1 July: right after each semester has ended. */
export const SEMIANNUAL_PATTERN = '0 2 1 1,7 *';

/** Requests the reports of the semester that has just ended: one per region and a national one. */
export const SEMIANNUAL_JOB = defineJob({ queue: REPORTS_QUEUE, name: 'semiannual', schedule: { id: SEMIANNUAL_SCHEDULER_ID, pattern: SEMIANNUAL_PATTERN } });

export const REQUEUE_SCHEDULER_ID = 'requeue-waiting-reports';

/**
 * A report's row is the truth and its job only a copy in the queue store: a store that came back
 * empty, or one that was down between the row's commit and the job's add (the request answered
 * 503), leaves a report QUEUED without a job. Every REPORTS_REPAIR_INTERVAL_SECONDS, and at once
 * whenever the schedule is registered (at start, after a store loss), this puts those jobs back;
 * a no-op for a job that exists. One attempt and a short memory: the next run is the retry.
 */
export const REQUEUE_REPORTS_JOB = defineJob<Record<string, never>, number>({
  queue: REPORTS_QUEUE,
  name: 'requeue-waiting',
  options: { attempts: 1, removeOnComplete: { age: 3600, count: 100 } },
  schedule: { id: REQUEUE_SCHEDULER_ID, every: (c: MonitoringConfig) => c.REPORTS_REPAIR_INTERVAL_SECONDS * 1000 },
});

/** Deterministic, so that enqueuing the same report twice collapses into one job. */
export function reportJobId(d: Pick<ReportJobData, 'semester' | 'scopeLevel' | 'scopeCode' | 'version'>): string {
  return `report-${d.semester}-${d.scopeLevel}-${d.scopeCode}-v${d.version}`;
}

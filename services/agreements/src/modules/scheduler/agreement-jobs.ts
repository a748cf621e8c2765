import { defineJob, defineQueue } from '@inps/shared';
import type { AgreementsConfig } from '../../agreements.config';

/** Apart from the scheduler service so that the agreements service can ask for a run without a cycle. */
const AGREEMENTS_SCHEDULER_QUEUE = defineQueue({ name: (c: AgreementsConfig) => c.SCHEDULER_QUEUE });

export const DAILY_JOB_SCHEDULER_ID = 'agreements-daily';

export interface DailyRunResult {
  readonly today: string;
  readonly activated: readonly string[];
  readonly expired: readonly string[];
  readonly warned: readonly string[];
  readonly failed: readonly string[];
}

/**
 * The daily run (activations, expiries, expiry warnings), on SCHEDULER_CRON in Rome: shortly after
 * midnight, so that the new day's changes apply early. Also asked for when an agreement is signed
 * with its validity begun, and once a day when the worker starts.
 */
export const DAILY_JOB = defineJob<Record<string, never>, DailyRunResult>({
  queue: AGREEMENTS_SCHEDULER_QUEUE,
  name: 'agreements.daily',
  schedule: { id: DAILY_JOB_SCHEDULER_ID, pattern: (c: AgreementsConfig) => c.SCHEDULER_CRON },
});

import type { JobsOptions } from 'bullmq';

const HOUR = 3600;
const DAY = 24 * HOUR;

/**
 * Every job retries with exponential backoff (1s, 2s, 4s, 8s, 16s) and is kept for a while after
 * it ends: completed jobs for a week, so that a re-publish with the same job id is deduplicated by
 * BullMQ; failed jobs for a month, so that someone can look at why.
 */
export const defaultJobOptions: Readonly<JobsOptions> = Object.freeze({
  attempts: 5,
  backoff: { type: 'exponential', delay: 1000 },
  removeOnComplete: { age: 7 * DAY, count: 10_000 },
  removeOnFail: { age: 30 * DAY, count: 50_000 },
});

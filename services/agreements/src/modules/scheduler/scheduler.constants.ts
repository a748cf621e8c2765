/** Apart from the scheduler service so the agreements service can enqueue a run without a cycle. */
export const DAILY_JOB_SCHEDULER_ID = 'agreements-daily';
export const DAILY_JOB_NAME = 'agreements.daily';

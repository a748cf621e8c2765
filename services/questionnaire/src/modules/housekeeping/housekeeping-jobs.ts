import { defineJob } from '@inps/shared';

const CLOSE_IDLE_SCHEDULER = 'close-idle-screenings';

/** Closes idle screenings once a day, at 03:30 in Rome. */
export const CLOSE_IDLE_JOB = defineJob<Record<string, never>, { closed: number }>({
  queue: 'questionnaire.housekeeping',
  name: 'close-idle',
  schedule: { id: CLOSE_IDLE_SCHEDULER, pattern: '0 30 3 * * *' },
});

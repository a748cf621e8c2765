import { baseConfig, int, optional, port, str, url, type ServiceConfig } from '@inps/shared';

/** The development token of the questionnaire's internal routes; its configuration has the same default. */
const DEV_INTERNAL_API_TOKEN = 'development-only-internal-api-token-not-a-secret';

export const monitoringConfig = baseConfig.extend(
  {
    SERVICE_NAME: str({ default: 'monitoring' }),
    PORT: port({ default: 3003 }),
    /** Queue the other services publish their events to (questionnaire, agreements). */
    EVENTS_QUEUE: str({ default: 'events' }),
    /** Calendar days after a semester's last day during which a partner's return is still on time. */
    RETURN_GRACE_DAYS: int({ default: 30, min: 0, max: 365 }),
    /**
     * How many events the worker takes from the queue at once. Screenings in flight are applied
     * together, in one transaction per batch (group commit, see screening-batcher.ts), so this is
     * what bounds the batch; agreement and outreach events each take their own transaction.
     */
    EVENTS_CONCURRENCY: int({ default: 128, min: 1, max: 1024 }),
    /**
     * Interval of the worker's scheduled job that puts back the job of every report still waiting:
     * the longest a report whose job could not be added (Redis down during the request) waits once
     * Redis answers. A store that comes back empty gets the jobs back at once (the schedule's first run).
     */
    REPORTS_REPAIR_INTERVAL_SECONDS: int({ default: 60, min: 1, max: 3600 }),
    /**
     * Days the worker remembers an applied event (processed_event). Longer than the producers keep
     * published outbox rows (7 days), which is how far back a re-delivery can reach.
     */
    PROCESSED_EVENTS_KEEP_DAYS: int({ default: 30, min: 8, max: 3650 }),
    /**
     * Pause of the worker's rollup fold between two rounds (a round folds until nothing is pending).
     * Readers see pending screenings anyway (the rollup views add them), so this only bounds how
     * many are added at read time: shorter folds more often, in smaller and costlier batches.
     */
    ROLLUP_FOLD_INTERVAL_MS: int({ default: 1000, min: 10, max: 600_000 }),
    /**
     * The questionnaire service, asked (internal route) for the screening a follow-up's resume code
     * names; only the API needs it. Unset, a follow-up by resume code answers 503 (by id still works).
     */
    QUESTIONNAIRE_URL: optional(url({ protocols: ['http:', 'https:'] })),
    /** Sent as `X-Internal-Token` to the questionnaire's internal routes; the same value as its INTERNAL_API_TOKEN. */
    INTERNAL_API_TOKEN: str({ default: DEV_INTERNAL_API_TOKEN, pattern: /^\S{32,256}$/, hint: '32 to 256 characters without spaces' }),
    /** How long a follow-up waits for the questionnaire to resolve a resume code before answering 503. */
    QUESTIONNAIRE_TIMEOUT_MS: int({ default: 3000, min: 100, max: 60_000 }),
  },
  (config) =>
    config.NODE_ENV === 'production' && config.INTERNAL_API_TOKEN === DEV_INTERNAL_API_TOKEN
      ? [{ variable: 'INTERNAL_API_TOKEN', issue: 'must be set to a secret of its own in production' }]
      : [],
);

export type MonitoringConfig = ServiceConfig<typeof monitoringConfig.fields>;

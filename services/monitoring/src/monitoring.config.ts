import { baseConfig, int, port, str, type ServiceConfig } from '@inps/shared';

export const monitoringConfig = baseConfig.extend({
  SERVICE_NAME: str({ default: 'monitoring' }),
  PORT: port({ default: 3003 }),
  /** Queue the other services publish their events to (questionnaire, agreements). */
  EVENTS_QUEUE: str({ default: 'events' }),
  /** Calendar days after a semester's last day during which a partner's return is still on time. */
  RETURN_GRACE_DAYS: int({ default: 30, min: 0, max: 365 }),
  /** How many events the worker applies at once; each runs in its own transaction. */
  EVENTS_CONCURRENCY: int({ default: 4, min: 1, max: 64 }),
});

export type MonitoringConfig = ServiceConfig<typeof monitoringConfig.fields>;

import { baseConfig, byteSize, int, port, str, type ServiceConfig } from '@inps/shared';

export const questionnaireConfig = baseConfig.extend({
  SERVICE_NAME: str({ default: 'questionnaire' }),
  PORT: port({ default: 3001 }),
  /** Rule sets can be large documents; everything else stays far below this. */
  BODY_LIMIT: byteSize({ default: '256kb' }),
  RESUME_CODE_TTL_DAYS: int({ default: 30, min: 1, max: 365 }),
  IDLE_CLOSE_DAYS: int({ default: 30, min: 1, max: 365 }),
  /** Queue that receives the service's events (consumed by monitoring). */
  EVENTS_QUEUE: str({ default: 'events' }),
});

/** The configuration's resolved values, injected with `@Inject(APP_CONFIG)`. */
export type QuestionnaireConfig = ServiceConfig<typeof questionnaireConfig.fields>;

/**
 * How long a screening lives, in days, derived from the configuration: injectable by class, so
 * that the screening service does not depend on the variables' names.
 */
export class ScreeningLifetimes {
  constructor(
    /** A screening's resume code works this many days after it starts. */
    readonly resumeCodeTtlDays: number,
    /** A screening left untouched this many days is closed and its answers forgotten. */
    readonly idleCloseDays: number,
  ) {}

  static from(config: QuestionnaireConfig): ScreeningLifetimes {
    return new ScreeningLifetimes(config.RESUME_CODE_TTL_DAYS, config.IDLE_CLOSE_DAYS);
  }
}

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

export type QuestionnaireConfigValues = ServiceConfig<typeof questionnaireConfig.fields>;

/** The service's own settings, injectable by class. */
export class QuestionnaireConfig {
  constructor(
    readonly resumeCodeTtlDays: number,
    readonly idleCloseDays: number,
  ) {}

  static from(c: QuestionnaireConfigValues): QuestionnaireConfig {
    return new QuestionnaireConfig(c.RESUME_CODE_TTL_DAYS, c.IDLE_CLOSE_DAYS);
  }
}

import { availableParallelism } from 'node:os';
import { baseConfig, byteSize, int, optional, port, str, url, type ServiceConfig } from '@inps/shared';

/**
 * The development pepper: enough for a laptop and the tests, refused in production, where the
 * pepper comes from the secret manager (a database copy alone must not let codes be checked).
 */
const DEV_RESUME_CODE_PEPPER = 'development-only-resume-code-pepper-not-a-secret';

/** The development token of the internal routes; monitoring's configuration has the same default. */
export const DEV_INTERNAL_API_TOKEN = 'development-only-internal-api-token-not-a-secret';

export const questionnaireConfig = baseConfig.extend(
  {
    SERVICE_NAME: str({ default: 'questionnaire' }),
    PORT: port({ default: 3001 }),
    /** Rule sets can be large documents; everything else stays far below this. */
    BODY_LIMIT: byteSize({ default: '256kb' }),
    RESUME_CODE_TTL_DAYS: int({ default: 30, min: 1, max: 365 }),
    IDLE_CLOSE_DAYS: int({ default: 30, min: 1, max: 365 }),
    /** Queue that receives the service's events (consumed by monitoring). */
    EVENTS_QUEUE: str({ default: 'events' }),
    /**
     * Key of the HMAC that the database keeps instead of each resume code (decision 0012). At least
     * 32 characters (e.g. `openssl rand -base64 32`). Changing it makes every code in use unknown.
     */
    RESUME_CODE_PEPPER: str({ default: DEV_RESUME_CODE_PEPPER, pattern: /^\S{32,256}$/, hint: '32 to 256 characters without spaces' }),
    /**
     * What another service sends in `X-Internal-Token` to call the `/internal/...` routes (never routed
     * by the gateway): today monitoring, to turn a resume code into a screening id for a follow-up.
     */
    INTERNAL_API_TOKEN: str({ default: DEV_INTERNAL_API_TOKEN, pattern: /^\S{32,256}$/, hint: '32 to 256 characters without spaces' }),
    /** Resume-code lookups of the internal route per organisation and minute, as the gateway limits the public ones. */
    RESUME_CODE_LOOKUPS_PER_MINUTE: int({ default: 30, min: 1, max: 100_000 }),
    /**
     * The agreements service, asked (public route) where to turn in the screening's comune: the
     * competent INPS unit and the outreach events planned there. Unset, outcomes list the national
     * channels only (`whereToGo.available: false`).
     */
    AGREEMENTS_URL: optional(url({ protocols: ['http:', 'https:'] })),
    /** How long an outcome waits for the agreements service before answering without the local part. */
    AGREEMENTS_TIMEOUT_MS: int({ default: 800, min: 50, max: 10_000 }),
    /** How long an answer of the agreements service about a comune is reused (per replica). */
    WHERE_TO_GO_CACHE_SECONDS: int({ default: 600, min: 1, max: 86_400 }),
    /** Weeks ahead of the outreach events an outcome lists (the agreements service allows 1 to 12). */
    WHERE_TO_GO_WEEKS: int({ default: 4, min: 1, max: 12 }),
    /**
     * Threads that render take-away sheets (PDF), each rendering one at a time: rendering is CPU work,
     * so one per core the process may use; the fonts are read once per thread.
     */
    SHEET_RENDER_THREADS: int({ default: availableParallelism(), min: 1, max: 64 }),
    /** Sheets that may wait for a free thread; one more is refused with 503 and Retry-After. */
    SHEET_RENDER_QUEUE: int({ default: 32, min: 0, max: 10_000 }),
  },
  (config) => [
    ...(config.NODE_ENV === 'production' && config.RESUME_CODE_PEPPER === DEV_RESUME_CODE_PEPPER
      ? [{ variable: 'RESUME_CODE_PEPPER', issue: 'must be set to a secret of its own in production' }]
      : []),
    ...(config.NODE_ENV === 'production' && config.INTERNAL_API_TOKEN === DEV_INTERNAL_API_TOKEN
      ? [{ variable: 'INTERNAL_API_TOKEN', issue: 'must be set to a secret of its own in production' }]
      : []),
  ],
);

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

/** The pepper of the resume codes' HMAC, injectable by class like ScreeningLifetimes. */
export class ResumeCodeKey {
  constructor(readonly pepper: string) {}

  static from(config: QuestionnaireConfig): ResumeCodeKey {
    return new ResumeCodeKey(config.RESUME_CODE_PEPPER);
  }
}

/** Who may call the internal routes, and how often the resume-code lookup answers; injectable by class. */
export class InternalAccess {
  constructor(
    readonly token: string,
    readonly resumeCodeLookupsPerMinute: number,
  ) {}

  static from(config: QuestionnaireConfig): InternalAccess {
    return new InternalAccess(config.INTERNAL_API_TOKEN, config.RESUME_CODE_LOOKUPS_PER_MINUTE);
  }
}

/** Where and how the outcome asks the agreements service about the screening's comune; injectable by class. */
export class AgreementsAccess {
  constructor(
    /** Base URL without a trailing slash; undefined when not configured. */
    readonly url: string | undefined,
    readonly timeoutMs: number,
    readonly cacheSeconds: number,
    readonly weeks: number,
  ) {}

  static from(config: QuestionnaireConfig): AgreementsAccess {
    return new AgreementsAccess(
      config.AGREEMENTS_URL?.replace(/\/+$/, ''),
      config.AGREEMENTS_TIMEOUT_MS,
      config.WHERE_TO_GO_CACHE_SECONDS,
      config.WHERE_TO_GO_WEEKS,
    );
  }
}

/** How many threads render take-away sheets and how many sheets may wait; injectable by class. */
export class SheetRendering {
  constructor(
    readonly threads: number,
    readonly queue: number,
  ) {}

  static from(config: QuestionnaireConfig): SheetRendering {
    return new SheetRendering(config.SHEET_RENDER_THREADS, config.SHEET_RENDER_QUEUE);
  }
}

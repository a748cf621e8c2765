import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, NotFoundError, RateLimitedError, ServiceUnavailableError, ValidationFailedError } from '@inps/shared';
import type { MonitoringConfig } from '../../monitoring.config';

const CODE_FIELD = 'resumeCode';

/** The seconds the questionnaire asked to wait (its Retry-After), a minute when it said none. */
function retryAfter(res: Response): number {
  const seconds = Number(res.headers.get('retry-after'));
  return Number.isInteger(seconds) && seconds > 0 ? seconds : 60;
}

/**
 * Asks the questionnaire service (internal route, X-Internal-Token) which completed screening a
 * resume code names. The code goes in a POST body, never in a URL; it is neither stored nor logged
 * here, and no error this client throws carries it (nor the answer's body).
 */
@Injectable()
export class QuestionnaireClient {
  private readonly endpoint: string | undefined;

  constructor(@Inject(APP_CONFIG) private readonly config: MonitoringConfig) {
    this.endpoint = config.QUESTIONNAIRE_URL && `${config.QUESTIONNAIRE_URL.replace(/\/+$/, '')}/internal/screenings/resolve-resume-code`;
  }

  async screeningIdOf(resumeCode: string, organisationId: string): Promise<string> {
    if (!this.endpoint) throw this.unavailable();
    let res: Response;
    try {
      res = await fetch(this.endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-internal-token': this.config.INTERNAL_API_TOKEN },
        body: JSON.stringify({ resumeCode, organisationId }),
        signal: AbortSignal.timeout(this.config.QUESTIONNAIRE_TIMEOUT_MS),
        redirect: 'error',
      });
    } catch {
      throw this.unavailable(); // refused, reset or timed out: the cause names the URL only, but is not needed
    }
    if (res.status === 200) {
      const body = (await res.json().catch(() => null)) as { screeningId?: unknown } | null;
      if (typeof body?.screeningId === 'string') return body.screeningId;
      throw this.unavailable();
    }
    await res.body?.cancel().catch(() => undefined);
    switch (res.status) {
      case 400:
        throw new ValidationFailedError('A resume code has 8 letters and digits', [{ field: CODE_FIELD, issue: 'malformed resume code' }]);
      case 404:
        throw new NotFoundError('No completed screening has this resume code', [{ field: CODE_FIELD, issue: 'no completed screening has this resume code' }]);
      case 429:
        // The questionnaire's 429, passed on with its wait: the lookups of the caller's organisation are limited there.
        throw new RateLimitedError(retryAfter(res), 'Too many resume-code lookups for your organisation: retry in a minute', [
          { field: CODE_FIELD, issue: 'too many lookups for your organisation this minute' },
        ]);
      default:
        // 401 (tokens out of step) or 5xx: nothing the caller can fix; the follow-up can be retried.
        throw this.unavailable();
    }
  }

  private unavailable(): ServiceUnavailableError {
    return new ServiceUnavailableError('The resume code cannot be checked now (questionnaire service unavailable): retry, or give the screening id', [
      { field: CODE_FIELD, issue: 'cannot be checked now' },
    ]);
  }
}

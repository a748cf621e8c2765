import { Injectable, Logger } from '@nestjs/common';
import { Clock } from '@inps/shared';
import { AgreementsAccess } from '../../questionnaire.config';

/** What the outcome uses of the agreements service's `GET /api/v1/where-to-go` answer. */
interface RegistryWhereToGo {
  readonly comune: { readonly istatCode: string; readonly name: string };
  readonly inpsUnits: readonly { readonly id: string; readonly kind: string; readonly name: string; readonly shortName: string }[];
  readonly outreachEvents: readonly {
    readonly id: string;
    readonly territoryCode: string;
    readonly territoryName: string;
    readonly nearby: boolean;
    readonly venueType: string;
    readonly venueName: string;
    readonly address: string | null;
    readonly title: string | null;
    readonly description: string | null;
    readonly startsAt: string;
    readonly endsAt: string;
    readonly status: string;
  }[];
  readonly moreEvents: boolean;
}

export type RegistryAnswer =
  | { readonly kind: 'FOUND'; readonly whereToGo: RegistryWhereToGo }
  /** The registry knows no comune with the code: asking again will not change that (cacheable). */
  | { readonly kind: 'UNKNOWN_COMUNE' }
  /** Down, slow, refusing or answering nonsense: the outcome goes without, and asks again next time. */
  | { readonly kind: 'UNAVAILABLE' }
  | { readonly kind: 'NOT_CONFIGURED' };

/** Failures in a row after which the registry is left alone for a while. */
export const FAILURES_TO_OPEN = 3;
/** How long it is left alone: then one call tries again, and a success closes the circuit. */
export const OPEN_MS = 30_000;

/**
 * Asks the agreements service where to turn in a comune. An outcome must never fail, nor wait
 * long, because of it: every call has a short timeout, and after a few failures in a row the
 * service is not called at all for a while (a circuit breaker), so that a registry that is down
 * costs outcomes nothing and is not hammered while it recovers.
 */
@Injectable()
export class AgreementsClient {
  private readonly logger = new Logger(AgreementsClient.name);
  private failures = 0;
  private openUntil = 0;

  constructor(
    private readonly access: AgreementsAccess,
    private readonly clock: Clock,
  ) {}

  async whereToGo(comune: string): Promise<RegistryAnswer> {
    if (!this.access.url) return { kind: 'NOT_CONFIGURED' };
    if (this.clock.now().getTime() < this.openUntil) return { kind: 'UNAVAILABLE' };
    const answer = await this.call(`${this.access.url}/api/v1/where-to-go?comune=${encodeURIComponent(comune)}&weeks=${this.access.weeks}`);
    if (answer.kind === 'UNAVAILABLE') this.failed();
    else this.failures = 0;
    return answer;
  }

  private async call(endpoint: string): Promise<RegistryAnswer> {
    try {
      const res = await fetch(endpoint, { headers: { accept: 'application/json' }, signal: AbortSignal.timeout(this.access.timeoutMs), redirect: 'error' });
      if (res.status === 200) {
        const body: unknown = await res.json();
        return isRegistryWhereToGo(body) ? { kind: 'FOUND', whereToGo: body } : { kind: 'UNAVAILABLE' };
      }
      await res.body?.cancel().catch(() => undefined);
      // 400 too: the screening's code is 6 digits, so a refusal means the registry does not take it as a comune.
      return res.status === 404 || res.status === 400 ? { kind: 'UNKNOWN_COMUNE' } : { kind: 'UNAVAILABLE' };
    } catch {
      return { kind: 'UNAVAILABLE' }; // refused, reset, timed out or not JSON
    }
  }

  private failed(): void {
    this.failures += 1;
    if (this.failures < FAILURES_TO_OPEN) return;
    if (this.failures === FAILURES_TO_OPEN)
      this.logger.warn(`agreements service unavailable ${FAILURES_TO_OPEN} times in a row: outcomes go without it for ${OPEN_MS / 1000} s`);
    this.openUntil = this.clock.now().getTime() + OPEN_MS;
  }
}

const isString = (v: unknown): v is string => typeof v === 'string';
const isNullableString = (v: unknown): boolean => v === null || typeof v === 'string';
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

/** The contract, checked: an answer of another shape is treated as no answer, never passed on. */
function isRegistryWhereToGo(body: unknown): body is RegistryWhereToGo {
  if (!isObject(body) || !isObject(body.comune) || !isString(body.comune.istatCode) || !isString(body.comune.name)) return false;
  if (!Array.isArray(body.inpsUnits) || !Array.isArray(body.outreachEvents) || typeof body.moreEvents !== 'boolean') return false;
  const unitsOk = body.inpsUnits.every((u) => isObject(u) && isString(u.id) && isString(u.kind) && isString(u.name) && isString(u.shortName));
  const eventsOk = body.outreachEvents.every(
    (e) =>
      isObject(e) &&
      [e.id, e.territoryCode, e.territoryName, e.venueType, e.venueName, e.startsAt, e.endsAt, e.status].every(isString) &&
      [e.address, e.title, e.description].every(isNullableString) &&
      typeof e.nearby === 'boolean',
  );
  return unitsOk && eventsOk;
}

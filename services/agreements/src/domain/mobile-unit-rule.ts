import { daysBetween, type IsoDate, romeDate } from '@inps/kernel';
import type { Actor } from './actor';
import type { DomainError, Result } from './domain-error';
import { detail, fail, ok, validationError } from './domain-error';

/**
 * INPS message 3449/2019: a mobile INPS station "dovrà essere inoltrata almeno quindici giorni
 * prima". Days are Europe/Rome calendar days between the day the request is filed and the day the
 * event starts, so the hour of filing does not matter and a 23- or 25-hour day counts as one.
 */

export const MOBILE_UNIT_MIN_LEAD_DAYS = 15;

export interface LeadTime {
  readonly requestedOn: IsoDate;
  readonly eventOn: IsoDate;
  readonly daysAhead: number;
}

export function mobileUnitLeadTime(requestedAt: Date, eventStartsAt: Date): LeadTime {
  const requestedOn = romeDate(requestedAt);
  const eventOn = romeDate(eventStartsAt);
  return { requestedOn, eventOn, daysAhead: daysBetween(requestedOn, eventOn) };
}

export interface LeadTimeOverride {
  readonly actorId: string;
  readonly reason: string;
  readonly at: string;
  /** The days actually given, kept so that reports can count late requests honestly. */
  readonly daysAhead: number;
}

export interface MobileUnitRuleInput {
  readonly requestedAt: Date;
  readonly eventStartsAt: Date;
  /** A central user may accept a late request, saying why. */
  readonly override?: { readonly reason: string } | null;
}

export interface MobileUnitRuleOptions {
  readonly minDays?: number;
  /** The API field that carries the event's date, named in the error. */
  readonly field?: string;
}

export interface MobileUnitRuleOutcome {
  readonly leadTime: LeadTime;
  readonly onTime: boolean;
  readonly override: LeadTimeOverride | null;
}

export function checkMobileUnitLeadTime(
  input: MobileUnitRuleInput,
  actor: Actor,
  options: MobileUnitRuleOptions = {},
): Result<MobileUnitRuleOutcome, DomainError> {
  const minDays = options.minDays ?? MOBILE_UNIT_MIN_LEAD_DAYS;
  const field = options.field ?? 'eventDate';
  const leadTime = mobileUnitLeadTime(input.requestedAt, input.eventStartsAt);
  const { requestedOn, eventOn, daysAhead } = leadTime;

  if (daysAhead >= minDays) return ok({ leadTime, onTime: true, override: null });

  if (daysAhead < 1) {
    // No override: a unit cannot be sent to an event that has already begun.
    return fail(
      validationError([
        detail(
          field,
          'EVENT_NOT_IN_FUTURE',
          `L'evento (${eventOn}) non è successivo alla data della richiesta (${requestedOn}, ora di Roma).`,
          `The event (${eventOn}) is not after the request date (${requestedOn}, Rome time).`,
        ),
      ]),
    );
  }

  const lateDetail = detail(
    field,
    'MOBILE_UNIT_LEAD_TIME',
    `L'unità mobile va richiesta almeno ${minDays} giorni prima dell'evento: richiesta del ${requestedOn} per un evento del ${eventOn}, ${daysAhead} giorni di anticipo (ora di Roma).`,
    `A mobile unit must be requested at least ${minDays} days before the event: requested on ${requestedOn} for an event on ${eventOn}, ${daysAhead} days ahead (Rome time).`,
  );

  if (!input.override) return fail(validationError([lateDetail]));

  if (!actor.roles.includes('central')) {
    return fail({
      code: 'FORBIDDEN',
      message: {
        it: 'Solo la Direzione centrale può accettare una richiesta tardiva.',
        en: 'Only the central directorate may accept a late request.',
      },
      details: [lateDetail, detail('override', 'OVERRIDE_NOT_ALLOWED', 'Deroga riservata al ruolo central.', 'Override reserved to the central role.')],
    });
  }
  const reason = input.override.reason.trim();
  if (reason.length === 0) {
    return fail(validationError([detail('override.reason', 'REASON_REQUIRED', 'Indicare il motivo della deroga.', 'Give the reason for the override.')]));
  }
  return ok({
    leadTime,
    onTime: false,
    override: { actorId: actor.id, reason, at: input.requestedAt.toISOString(), daysAhead },
  });
}

import { daysBetween, romeDate, type TerritoryHierarchy, type Text } from '@inps/kernel';
import type { Actor } from './actor';
import type { DomainError, Result } from './domain-error';
import { detail, fail, ok, validationError } from './domain-error';
import type { MachineSpec, TransitionRejection, TransitionRule } from './state-machine';
import { hasCompetence } from './scope';
import { allowedActions, decide } from './state-machine';

/**
 * Outreach events: INPS staff, social workers and volunteers meet people where they are (soup
 * kitchens, stations, shelters...). Territorial structures tell the central directorate their
 * calendar "con congruo anticipo" (message 3449/2019); whether they did is a monitoring indicator.
 */

export const VENUE_TYPES = ['SOUP_KITCHEN', 'STATION', 'SHELTER', 'STREET', 'DROP_IN_CENTRE', 'ANTI_VIOLENCE_CENTRE', 'COMUNE_OFFICE', 'OTHER'] as const;
export type VenueType = (typeof VENUE_TYPES)[number];

export const VENUE_LABELS: { readonly [K in VenueType]: Text } = {
  SOUP_KITCHEN: { it: 'Mensa', en: 'Soup kitchen' },
  STATION: { it: 'Stazione', en: 'Station' },
  SHELTER: { it: 'Centro di accoglienza', en: 'Shelter' },
  STREET: { it: 'Unità di strada', en: 'Street outreach' },
  DROP_IN_CENTRE: { it: 'Centro diurno', en: 'Drop-in centre' },
  ANTI_VIOLENCE_CENTRE: { it: 'Centro antiviolenza', en: 'Anti-violence centre' },
  COMUNE_OFFICE: { it: 'Sportello comunale', en: 'Comune office' },
  OTHER: { it: 'Altro luogo', en: 'Other venue' },
};

export const OUTREACH_EVENT_STATUSES = ['PLANNED', 'COMMUNICATED', 'CONFIRMED', 'HELD', 'CANCELLED'] as const;
export type OutreachEventStatus = (typeof OUTREACH_EVENT_STATUSES)[number];

export const OUTREACH_EVENT_ACTIONS = ['communicate', 'confirm', 'mark_held', 'cancel'] as const;
export type OutreachEventAction = (typeof OUTREACH_EVENT_ACTIONS)[number];

type OutreachEventCondition = 'NOT_STARTED' | 'STARTED' | 'REASON_GIVEN';

const OUTREACH_EVENT_TRANSITIONS: readonly TransitionRule<OutreachEventStatus, OutreachEventAction, OutreachEventCondition>[] = [
  { action: 'communicate', from: ['PLANNED'], to: 'COMMUNICATED', roles: ['territorial'], conditions: ['NOT_STARTED'] },
  { action: 'confirm', from: ['COMMUNICATED'], to: 'CONFIRMED', roles: ['territorial', 'central'], conditions: ['NOT_STARTED'] },
  // Confirmation is a courtesy; an event that took place counts even if nobody confirmed it.
  { action: 'mark_held', from: ['COMMUNICATED', 'CONFIRMED'], to: 'HELD', roles: ['territorial', 'central'], conditions: ['STARTED'] },
  { action: 'cancel', from: ['PLANNED', 'COMMUNICATED', 'CONFIRMED'], to: 'CANCELLED', roles: ['territorial', 'central'], conditions: ['REASON_GIVEN'] },
];

export interface OutreachEvent {
  readonly id: string;
  readonly status: OutreachEventStatus;
  readonly territoryCode: string;
  readonly venueType: VenueType;
  readonly venueName: string;
  readonly address?: string | null;
  readonly startsAt: Date;
  readonly endsAt: Date;
  readonly communicatedAt: Date | null;
  /** RFC 5545 SEQUENCE: raised on every change a calendar subscriber must notice. */
  readonly sequence: number;
  readonly updatedAt: Date;
  readonly cancellationReason?: string | null;
  readonly title?: Text | null;
  readonly description?: Text | null;
}

export interface OutreachEventCommand {
  readonly action: OutreachEventAction;
  readonly reason?: string;
}

interface EventContext {
  readonly event: OutreachEvent;
  readonly command: OutreachEventCommand | null;
  readonly now: Date;
  readonly hierarchy: TerritoryHierarchy;
}

const OUTREACH_EVENT_MACHINE: MachineSpec<OutreachEventStatus, OutreachEventAction, OutreachEventCondition, EventContext> = {
  subject: { it: "l'evento", en: 'the event' },
  rules: OUTREACH_EVENT_TRANSITIONS,
  conditions: {
    NOT_STARTED: {
      kind: 'state',
      check: ({ event, now }) =>
        now.getTime() < event.startsAt.getTime()
          ? null
          : detail('startsAt', 'EVENT_ALREADY_STARTED', "L'evento è già iniziato.", 'The event has already started.'),
    },
    STARTED: {
      kind: 'state',
      check: ({ event, now }) =>
        now.getTime() >= event.startsAt.getTime()
          ? null
          : detail('startsAt', 'EVENT_NOT_STARTED', "L'evento non è ancora iniziato.", 'The event has not started yet.'),
    },
    REASON_GIVEN: {
      kind: 'input',
      check: ({ command }) => (command?.reason?.trim() ? null : detail('reason', 'REASON_REQUIRED', 'Indicare la motivazione.', 'A reason is required.')),
    },
  },
  inScope: (actor, ctx) => hasCompetence(actor, ctx.event.territoryCode, ctx.hierarchy),
  scopeField: 'territoryCode',
};

export function transitionOutreachEvent(
  event: OutreachEvent,
  command: OutreachEventCommand,
  actor: Actor,
  now: Date,
  hierarchy: TerritoryHierarchy,
): Result<OutreachEvent, TransitionRejection<OutreachEventStatus, OutreachEventAction>> {
  const decision = decide(OUTREACH_EVENT_MACHINE, event.status, command.action, actor, { event, command, now, hierarchy });
  if (!decision.ok) return decision;
  return ok({
    ...event,
    status: decision.value.to,
    sequence: event.sequence + 1,
    updatedAt: now,
    communicatedAt: command.action === 'communicate' ? now : event.communicatedAt,
    cancellationReason: command.action === 'cancel' ? (command.reason?.trim() ?? null) : (event.cancellationReason ?? null),
  });
}

export function outreachEventAllowedActions(event: OutreachEvent, actor: Actor, now: Date, hierarchy: TerritoryHierarchy): OutreachEventAction[] {
  return allowedActions(OUTREACH_EVENT_MACHINE, event.status, actor, { event, command: null, now, hierarchy });
}

/** An event needs a real interval: both instants valid and the end after the start. */
export function validateEventTimes(startsAt: Date, endsAt: Date): DomainError | null {
  if (Number.isNaN(startsAt.getTime())) return validationError([detail('startsAt', 'NOT_AN_INSTANT', 'Data e ora non valide.', 'Not a valid date and time.')]);
  if (Number.isNaN(endsAt.getTime())) return validationError([detail('endsAt', 'NOT_AN_INSTANT', 'Data e ora non valide.', 'Not a valid date and time.')]);
  if (endsAt.getTime() <= startsAt.getTime()) {
    return validationError([detail('endsAt', 'END_NOT_AFTER_START', "La fine deve seguire l'inizio.", 'The end must be after the start.')]);
  }
  return null;
}

/** Moves an event; calendar subscribers see the change through the raised SEQUENCE. */
export function rescheduleOutreachEvent(event: OutreachEvent, startsAt: Date, endsAt: Date, now: Date): Result<OutreachEvent, DomainError> {
  if (event.status === 'HELD' || event.status === 'CANCELLED') {
    return fail({
      code: 'TRANSITION_NOT_ALLOWED',
      message: { it: `Un evento ${event.status} non si può spostare.`, en: `A ${event.status} event cannot be moved.` },
      details: [detail('status', 'EVENT_CLOSED', 'Evento già concluso o annullato.', 'The event is over or cancelled.')],
    });
  }
  const invalid = validateEventTimes(startsAt, endsAt);
  if (invalid) return fail(invalid);
  return ok({ ...event, startsAt, endsAt, sequence: event.sequence + 1, updatedAt: now });
}

/**
 * The message asks only for "congruo anticipo"; the programme measures it against a configurable
 * number of days, by default the same fortnight a mobile unit needs.
 */
const DEFAULT_COMMUNICATION_LEAD_DAYS = 15;

export interface CommunicationTimeliness {
  readonly inTime: boolean;
  /** Rome calendar days from communication to the event; `null` when never communicated. */
  readonly daysAhead: number | null;
}

export function communicatedInTime(
  event: Pick<OutreachEvent, 'communicatedAt' | 'startsAt'>,
  leadDays: number = DEFAULT_COMMUNICATION_LEAD_DAYS,
): CommunicationTimeliness {
  if (!event.communicatedAt) return { inTime: false, daysAhead: null };
  const daysAhead = daysBetween(romeDate(event.communicatedAt), romeDate(event.startsAt));
  return { inTime: daysAhead >= leadDays, daysAhead };
}

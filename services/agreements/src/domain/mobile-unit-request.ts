import type { TerritoryHierarchy, Text } from '@inps/kernel';
import type { Actor } from './actor';
import type { DomainError, Result } from './domain-error';
import { detail, fail, ok, validationError } from './domain-error';
import type { LeadTimeOverride } from './mobile-unit-rule';
import { checkMobileUnitLeadTime, MOBILE_UNIT_MIN_LEAD_DAYS } from './mobile-unit-rule';
import type { MachineSpec, TransitionRejection, TransitionRule } from './state-machine';
import { hasCompetence } from './scope';
import { allowedActions, decide } from './state-machine';

export const MOBILE_UNIT_STATUSES = ['REQUESTED', 'APPROVED', 'ASSIGNED', 'FULFILLED', 'REJECTED', 'CANCELLED'] as const;
export type MobileUnitStatus = (typeof MOBILE_UNIT_STATUSES)[number];

/**
 * The kind of station the requester wants, asked together with the space available (message
 * 3449/2019): a camper or fitted van parked outside, a gazebo set up on site, or a stand or desk
 * indoors.
 */
export const STATION_KINDS = ['CAMPER', 'GAZEBO', 'DESK'] as const;
export type StationKind = (typeof STATION_KINDS)[number];

export const STATION_KIND_LABELS: { readonly [K in StationKind]: Text } = {
  CAMPER: { it: 'Camper o furgone attrezzato', en: 'Camper or fitted van' },
  GAZEBO: { it: 'Gazebo', en: 'Gazebo' },
  DESK: { it: 'Postazione o scrivania', en: 'Stand or desk' },
};

function isStationKind(value: unknown): value is StationKind {
  return typeof value === 'string' && (STATION_KINDS as readonly string[]).includes(value);
}

export const MOBILE_UNIT_ACTIONS = ['approve', 'reject', 'assign', 'fulfil', 'cancel'] as const;
export type MobileUnitAction = (typeof MOBILE_UNIT_ACTIONS)[number];

type MobileUnitCondition = 'REASON_GIVEN' | 'UNIT_GIVEN' | 'EVENT_STARTED';

const MOBILE_UNIT_TRANSITIONS: readonly TransitionRule<MobileUnitStatus, MobileUnitAction, MobileUnitCondition>[] = [
  { action: 'approve', from: ['REQUESTED'], to: 'APPROVED', roles: ['central'], conditions: [] },
  { action: 'reject', from: ['REQUESTED', 'APPROVED'], to: 'REJECTED', roles: ['central'], conditions: ['REASON_GIVEN'] },
  { action: 'assign', from: ['APPROVED'], to: 'ASSIGNED', roles: ['central'], conditions: ['UNIT_GIVEN'] },
  { action: 'fulfil', from: ['ASSIGNED'], to: 'FULFILLED', roles: ['territorial', 'central'], conditions: ['EVENT_STARTED'] },
  { action: 'cancel', from: ['REQUESTED', 'APPROVED', 'ASSIGNED'], to: 'CANCELLED', roles: ['territorial', 'central'], conditions: ['REASON_GIVEN'] },
];

export interface MobileUnitRequest {
  readonly id: string;
  readonly status: MobileUnitStatus;
  readonly eventId: string;
  readonly territoryCode: string;
  readonly eventStartsAt: Date;
  readonly requestedAt: Date;
  readonly requestedBy: string;
  /** The spaces available on site, so that the right kind of station is chosen (message 3449/2019). */
  readonly availableSpace: string;
  /** Null for a request filed before the kind was asked. */
  readonly stationKind: StationKind | null;
  readonly leadTimeDays: number;
  readonly leadTimeOverride: LeadTimeOverride | null;
  readonly assignedUnit: string | null;
  readonly closingReason: string | null;
}

export interface NewMobileUnitRequest {
  readonly id: string;
  readonly eventId: string;
  readonly territoryCode: string;
  readonly eventStartsAt: Date;
  readonly availableSpace: string;
  readonly stationKind: string;
  readonly override?: { readonly reason: string } | null;
}

/** Files a request at `now`, applying the 15-day rule and the filer's territorial competence. */
export function fileMobileUnitRequest(
  input: NewMobileUnitRequest,
  actor: Actor,
  now: Date,
  hierarchy: TerritoryHierarchy,
  minDays = MOBILE_UNIT_MIN_LEAD_DAYS,
): Result<MobileUnitRequest, DomainError> {
  const central = actor.roles.includes('central');
  const territorial = hasCompetence(actor, input.territoryCode, hierarchy);
  if (!central && !territorial) {
    return fail({
      code: 'FORBIDDEN',
      message: {
        it: "Solo la struttura territoriale competente o la Direzione centrale possono richiedere un'unità mobile.",
        en: 'Only the competent territorial structure or the central directorate may request a mobile unit.',
      },
      details: [detail('territoryCode', 'TERRITORY_OUT_OF_SCOPE', 'Territorio non di competenza.', 'Territory outside your competence.')],
    });
  }
  if (!isStationKind(input.stationKind)) {
    return fail(
      validationError([
        detail(
          'stationKind',
          'STATION_KIND_REQUIRED',
          `Indicare il tipo di postazione: ${STATION_KINDS.join(', ')}.`,
          `Give the kind of station: ${STATION_KINDS.join(', ')}.`,
        ),
      ]),
    );
  }
  if (input.availableSpace.trim().length === 0) {
    return fail(
      validationError([
        detail(
          'availableSpace',
          'AVAILABLE_SPACE_REQUIRED',
          'Descrivere gli spazi disponibili per la postazione.',
          'Describe the space available for the station.',
        ),
      ]),
    );
  }
  const rule = checkMobileUnitLeadTime({ requestedAt: now, eventStartsAt: input.eventStartsAt, override: input.override }, actor, { minDays });
  if (!rule.ok) return rule;
  return ok({
    id: input.id,
    status: 'REQUESTED',
    eventId: input.eventId,
    territoryCode: input.territoryCode,
    eventStartsAt: input.eventStartsAt,
    requestedAt: now,
    requestedBy: actor.id,
    availableSpace: input.availableSpace.trim(),
    stationKind: input.stationKind,
    leadTimeDays: rule.value.leadTime.daysAhead,
    leadTimeOverride: rule.value.override,
    assignedUnit: null,
    closingReason: null,
  });
}

export interface MobileUnitCommand {
  readonly action: MobileUnitAction;
  readonly reason?: string;
  /** `assign`: the mobile unit (vehicle or gazebo kit) sent. */
  readonly unit?: string;
}

interface MobileUnitContext {
  readonly request: MobileUnitRequest;
  readonly command: MobileUnitCommand | null;
  readonly now: Date;
  readonly hierarchy: TerritoryHierarchy;
}

const MOBILE_UNIT_MACHINE: MachineSpec<MobileUnitStatus, MobileUnitAction, MobileUnitCondition, MobileUnitContext> = {
  subject: { it: 'la richiesta di unità mobile', en: 'the mobile-unit request' },
  rules: MOBILE_UNIT_TRANSITIONS,
  conditions: {
    REASON_GIVEN: {
      kind: 'input',
      check: ({ command }) => (command?.reason?.trim() ? null : detail('reason', 'REASON_REQUIRED', 'Indicare la motivazione.', 'A reason is required.')),
    },
    UNIT_GIVEN: {
      kind: 'input',
      check: ({ command }) =>
        command?.unit?.trim() ? null : detail('unit', 'UNIT_REQUIRED', "Indicare l'unità mobile assegnata.", 'Give the mobile unit assigned.'),
    },
    EVENT_STARTED: {
      kind: 'state',
      check: ({ request, now }) =>
        now.getTime() >= request.eventStartsAt.getTime()
          ? null
          : detail('eventDate', 'EVENT_NOT_STARTED', "L'evento non è ancora iniziato.", 'The event has not started yet.'),
    },
  },
  inScope: (actor, ctx) => hasCompetence(actor, ctx.request.territoryCode, ctx.hierarchy),
  scopeField: 'territoryCode',
};

export function transitionMobileUnitRequest(
  request: MobileUnitRequest,
  command: MobileUnitCommand,
  actor: Actor,
  now: Date,
  hierarchy: TerritoryHierarchy,
): Result<MobileUnitRequest, TransitionRejection<MobileUnitStatus, MobileUnitAction>> {
  const decision = decide(MOBILE_UNIT_MACHINE, request.status, command.action, actor, { request, command, now, hierarchy });
  if (!decision.ok) return decision;
  return ok({
    ...request,
    status: decision.value.to,
    assignedUnit: command.action === 'assign' ? (command.unit?.trim() ?? null) : request.assignedUnit,
    closingReason: command.action === 'reject' || command.action === 'cancel' ? (command.reason?.trim() ?? null) : request.closingReason,
  });
}

export function mobileUnitAllowedActions(request: MobileUnitRequest, actor: Actor, now: Date, hierarchy: TerritoryHierarchy): MobileUnitAction[] {
  return allowedActions(MOBILE_UNIT_MACHINE, request.status, actor, { request, command: null, now, hierarchy });
}

/**
 * The events monitoring consumes, as published by the questionnaire and agreements services
 * (job name = type, data = { id, type, occurredOn, payload }), and strict parsers: a malformed
 * event is refused whole rather than half-applied. Each parser returns its type's payload of the
 * shared map (EventPayloads), and a handler is declared with `@OnEvent(type)`, which only takes a
 * type that has a parser here: a consumed type without a parser does not compile.
 */

import {
  AGREEMENT_ACTIVATED,
  AGREEMENT_EXPIRED,
  AGREEMENT_REVIEWED,
  AGREEMENT_TERMINATED,
  defineQueue,
  EVENT_AGE_BANDS,
  EventHandler,
  HOUSEHOLD_SIZE_BANDS,
  MOBILE_UNIT_REQUEST_DECIDED,
  OUTREACH_EVENT_HELD,
  SCREENING_CHANNELS,
  SCREENING_COMPLETED,
  SCREENING_MODES,
  STOP_REASONS,
  TECHNICAL_TABLE_ISSUE_ESCALATED,
  TECHNICAL_TABLE_MEETING_HELD,
  VERDICT_STATUSES,
  type AgreementEventPayload,
  type AgreementEventType,
  type AgreementReviewedPayload,
  type DeliveredEvent,
  type EventParser,
  type EventPayloads,
  type EventType,
  type MobileUnitRequestDecidedPayload,
  type OutreachEventHeldPayload,
  type ScreeningCompletedPayload,
  type ScreeningVerdict,
  type StopReason,
  type TechnicalTableIssueEscalatedPayload,
  type TechnicalTableMeetingHeldPayload,
} from '@inps/shared';
import type { MonitoringConfig } from '../../monitoring.config';

export {
  AGREEMENT_ACTIVATED,
  AGREEMENT_EXPIRED,
  AGREEMENT_REVIEWED,
  AGREEMENT_TERMINATED,
  EVENT_AGE_BANDS,
  HOUSEHOLD_SIZE_BANDS,
  MOBILE_UNIT_REQUEST_DECIDED,
  OUTREACH_EVENT_HELD,
  SCREENING_COMPLETED,
  TECHNICAL_TABLE_ISSUE_ESCALATED,
  TECHNICAL_TABLE_MEETING_HELD,
  type AgreementEventType,
  type AgreementReviewedPayload,
  type MobileUnitRequestDecidedPayload,
  type OutreachEventHeldPayload,
  type ScreeningChannel,
  type TechnicalTableIssueEscalatedPayload,
  type TechnicalTableMeetingHeldPayload,
} from '@inps/shared';

/** An agreement event once parsed: monitoring only ever receives agreements with a start. */
export type AgreementPayload = AgreementEventPayload & { readonly validFrom: string };

/** A screening once parsed: `unknownFacts` always there (empty for an event from before "I don't know"). */
export type ScreeningPayload = ScreeningCompletedPayload & { readonly unknownFacts: readonly string[] };

class MalformedEventError extends Error {
  constructor(type: string, problem: string) {
    super(`Malformed ${type} event: ${problem}`);
    this.name = 'MalformedEventError';
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const ISTAT = /^(IT|[0-9]{2,6})$/;
/** A comune, a province or a region: where an event, a request or a table is. */
const TERRITORY = /^[0-9]{2,6}$/;
/** A fact's name in the vocabulary (docs/facts.md): an identifier, which no value of a fact can pass for. */
const FACT = /^[a-z][A-Za-z0-9]{0,63}$/;

type Obj = Record<string, unknown>;

function fail(type: string, problem: string): never {
  throw new MalformedEventError(type, problem);
}

function obj(type: string, value: unknown): Obj {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail(type, 'the payload is not an object');
  return value as Obj;
}

function text(type: string, o: Obj, key: string, pattern?: RegExp): string {
  const value = o[key];
  if (typeof value !== 'string' || value === '' || value.length > 64 || (pattern && !pattern.test(value))) fail(type, `${key} is missing or invalid`);
  return value;
}

function oneOf<T extends string>(type: string, o: Obj, key: string, allowed: readonly T[]): T {
  const value = o[key];
  if (!allowed.includes(value as T)) fail(type, `${key} must be one of ${allowed.join(', ')}`);
  return value as T;
}

function textList(type: string, o: Obj, key: string, pattern?: RegExp): string[] {
  const value = o[key];
  if (!Array.isArray(value)) fail(type, `${key} must be a list`);
  return value.map((item, index) => {
    if (typeof item !== 'string' || item === '' || item.length > 64 || (pattern && !pattern.test(item))) fail(type, `${key}[${index}] is invalid`);
    return item;
  });
}

function flag(type: string, o: Obj, key: string): boolean {
  const value = o[key];
  if (typeof value !== 'boolean') fail(type, `${key} must be true or false`);
  return value;
}

function optionalText(type: string, o: Obj, key: string, pattern?: RegExp): string | null {
  return o[key] === null || o[key] === undefined ? null : text(type, o, key, pattern);
}

export function parseScreeningCompleted(payload: unknown): ScreeningPayload {
  const type = SCREENING_COMPLETED;
  const o = obj(type, payload);
  const territory = o.territory === null || o.territory === undefined ? null : text(type, o, 'territory', /^[0-9]{6}$/);
  const organisationId = o.organisationId === null || o.organisationId === undefined ? null : text(type, o, 'organisationId');
  if (!Array.isArray(o.verdicts)) fail(type, 'verdicts must be a list');
  // Absent in events published before "I don't know" existed: none was possible then.
  const unknownFacts = o.unknownFacts === undefined ? [] : [...new Set(textList(type, o, 'unknownFacts', FACT))];
  const verdicts = o.verdicts.map((v: unknown, index): ScreeningVerdict => {
    const verdict = obj(type, v);
    const benefitId = text(type, verdict, 'benefitId');
    const status = oneOf(type, verdict, 'status', VERDICT_STATUSES);
    if (verdict.unknownFacts === undefined) return { benefitId, status };
    const lacked = [...new Set(textList(type, verdict, 'unknownFacts', FACT))];
    if (status !== 'UNDETERMINED') fail(type, `verdicts[${index}] is not UNDETERMINED yet lists unknownFacts`);
    if (lacked.some((f) => !unknownFacts.includes(f))) fail(type, `verdicts[${index}].unknownFacts names a fact the screening did not leave unknown`);
    return lacked.length > 0 ? { benefitId, status, unknownFacts: lacked } : { benefitId, status };
  });
  if (new Set(verdicts.map((v) => v.benefitId)).size !== verdicts.length) fail(type, 'a benefit has two verdicts');
  const stoppedFor = textList(type, o, 'stoppedFor').map((reason) => {
    if (!(STOP_REASONS as readonly string[]).includes(reason)) fail(type, `stoppedFor has an unknown reason ${reason}`);
    return reason as StopReason;
  });
  return {
    screeningId: text(type, o, 'screeningId', UUID),
    ruleSetId: text(type, o, 'ruleSetId'),
    day: text(type, o, 'day', DAY),
    territory,
    organisationId,
    channel: oneOf(type, o, 'channel', SCREENING_CHANNELS),
    mode: oneOf(type, o, 'mode', SCREENING_MODES),
    ageBand: oneOf(type, o, 'ageBand', EVENT_AGE_BANDS),
    householdSizeBand: oneOf(type, o, 'householdSizeBand', HOUSEHOLD_SIZE_BANDS),
    verdicts,
    stoppedFor: [...new Set(stoppedFor)],
    unknownFacts,
  };
}

export function parseAgreementEvent(type: AgreementEventType, payload: unknown): AgreementPayload {
  const o = obj(type, payload);
  return {
    agreementId: text(type, o, 'agreementId'),
    code: text(type, o, 'code'),
    kind: text(type, o, 'kind'),
    organisations: textList(type, o, 'organisations'),
    territories: textList(type, o, 'territories', ISTAT),
    validFrom: text(type, o, 'validFrom', DAY),
    validTo: o.validTo === null || o.validTo === undefined ? null : text(type, o, 'validTo', DAY),
    day: text(type, o, 'day', DAY),
  };
}

function parseOutreachEventHeld(payload: unknown): OutreachEventHeldPayload {
  const type = OUTREACH_EVENT_HELD;
  const o = obj(type, payload);
  const people = o.peopleContacted;
  if (typeof people !== 'number' || !Number.isInteger(people) || people < 0 || people > 1_000_000) fail(type, 'peopleContacted must be a whole number ≥ 0');
  if (typeof o.communicatedInTime !== 'boolean') fail(type, 'communicatedInTime must be true or false');
  return {
    eventId: text(type, o, 'eventId'),
    agreementId: optionalText(type, o, 'agreementId'),
    organisationId: optionalText(type, o, 'organisationId'),
    territory: text(type, o, 'territory', TERRITORY),
    day: text(type, o, 'day', DAY),
    peopleContacted: people,
    communicatedInTime: o.communicatedInTime,
  };
}

function parseMobileUnitRequestDecided(payload: unknown): MobileUnitRequestDecidedPayload {
  const type = MOBILE_UNIT_REQUEST_DECIDED;
  const o = obj(type, payload);
  const lead = o.leadTimeDays;
  if (typeof lead !== 'number' || !Number.isInteger(lead) || lead < 0 || lead > 3650) fail(type, 'leadTimeDays must be a whole number of days ≥ 0');
  return {
    requestId: text(type, o, 'requestId'),
    eventId: text(type, o, 'eventId'),
    territory: text(type, o, 'territory', TERRITORY),
    decision: oneOf(type, o, 'decision', ['APPROVED', 'REJECTED'] as const),
    day: text(type, o, 'day', DAY),
    leadTimeDays: lead,
    overridden: flag(type, o, 'overridden'),
  };
}

function parseTechnicalTableIssueEscalated(payload: unknown): TechnicalTableIssueEscalatedPayload {
  const type = TECHNICAL_TABLE_ISSUE_ESCALATED;
  const o = obj(type, payload);
  return {
    issueId: text(type, o, 'issueId'),
    tableId: text(type, o, 'tableId'),
    territory: optionalText(type, o, 'territory', ISTAT),
    centralIssueId: text(type, o, 'centralIssueId'),
    centralTableId: text(type, o, 'centralTableId'),
    day: text(type, o, 'day', DAY),
  };
}

function parseAgreementReviewed(payload: unknown): AgreementReviewedPayload {
  const type = AGREEMENT_REVIEWED;
  const o = obj(type, payload);
  const days = o.reviewDays;
  if (typeof days !== 'number' || !Number.isInteger(days) || days < 0 || days > 3650) fail(type, 'reviewDays must be a whole number of days ≥ 0');
  const submittedOn = text(type, o, 'submittedOn', DAY);
  const day = text(type, o, 'day', DAY);
  // Days are ISO dates, so they compare as strings: a decision before its submission is a broken event.
  if (day < submittedOn) fail(type, 'day is before submittedOn');
  return {
    agreementId: text(type, o, 'agreementId'),
    kind: text(type, o, 'kind'),
    territories: textList(type, o, 'territories', ISTAT),
    organisations: textList(type, o, 'organisations'),
    decision: oneOf(type, o, 'decision', ['APPROVED', 'CHANGES_REQUESTED', 'REJECTED'] as const),
    submittedOn,
    day,
    reviewDays: days,
  };
}

function parseTechnicalTableMeetingHeld(payload: unknown): TechnicalTableMeetingHeldPayload {
  const type = TECHNICAL_TABLE_MEETING_HELD;
  const o = obj(type, payload);
  const level = oneOf(type, o, 'level', ['LOCAL', 'CENTRAL'] as const);
  const territory = optionalText(type, o, 'territory', ISTAT);
  return { meetingId: text(type, o, 'meetingId'), tableId: text(type, o, 'tableId'), level, territory, day: text(type, o, 'day', DAY) };
}

/**
 * One parser per consumed type, each checked against the shared map: a parser returning anything
 * but its type's payload (or a narrower one) does not compile.
 */
const EVENT_PARSERS = {
  [SCREENING_COMPLETED]: parseScreeningCompleted,
  [AGREEMENT_ACTIVATED]: (payload: unknown) => parseAgreementEvent(AGREEMENT_ACTIVATED, payload),
  [AGREEMENT_EXPIRED]: (payload: unknown) => parseAgreementEvent(AGREEMENT_EXPIRED, payload),
  [AGREEMENT_TERMINATED]: (payload: unknown) => parseAgreementEvent(AGREEMENT_TERMINATED, payload),
  [OUTREACH_EVENT_HELD]: parseOutreachEventHeld,
  [MOBILE_UNIT_REQUEST_DECIDED]: parseMobileUnitRequestDecided,
  [TECHNICAL_TABLE_ISSUE_ESCALATED]: parseTechnicalTableIssueEscalated,
  [AGREEMENT_REVIEWED]: parseAgreementReviewed,
  [TECHNICAL_TABLE_MEETING_HELD]: parseTechnicalTableMeetingHeld,
} as const satisfies { readonly [T in EventType]?: EventParser<T> };

export type ConsumedEventType = keyof typeof EVENT_PARSERS;

/** What a parser of that type returns: the payload a handler of it gets. */
export type ParsedPayload<T extends ConsumedEventType> = Extract<ReturnType<(typeof EVENT_PARSERS)[T]>, EventPayloads[T]>;

/** An event of that type as monitoring's handlers get it. */
export type MonitoredEvent<T extends ConsumedEventType> = DeliveredEvent<T, ParsedPayload<T>>;

/** The queue the questionnaire and agreements services publish monitoring's events to. */
const MONITORING_EVENTS = defineQueue({
  name: (c: MonitoringConfig) => c.EVENTS_QUEUE,
  concurrency: (c: MonitoringConfig) => c.EVENTS_CONCURRENCY,
});

/** Declares a handler of one consumed event type (repeat it for several), with that type's parser. */
export function OnEvent<T extends ConsumedEventType>(type: T) {
  return EventHandler<T, ParsedPayload<T>>(MONITORING_EVENTS, type, EVENT_PARSERS[type] as EventParser<T, ParsedPayload<T>>);
}

/**
 * The events monitoring consumes, as published by the questionnaire and agreements services
 * (job name = type, data = { id, type, occurredOn, payload }), and strict parsers: a malformed
 * event is refused whole rather than half-applied.
 */

import {
  EVENT_AGE_BANDS,
  HOUSEHOLD_SIZE_BANDS,
  OUTREACH_EVENT_HELD,
  SCREENING_CHANNELS,
  SCREENING_MODES,
  STOP_REASONS,
  VERDICT_STATUSES,
  type AgreementEventPayload,
  type AgreementEventType,
  type OutreachEventHeldPayload,
  type ScreeningCompletedPayload,
  type StopReason,
} from '@inps/shared';

export {
  AGREEMENT_EVENT_TYPES,
  EVENT_AGE_BANDS,
  HOUSEHOLD_SIZE_BANDS,
  OUTREACH_EVENT_HELD,
  SCREENING_CHANNELS,
  type AgreementEventType,
  type OutreachEventHeldPayload,
  type ScreeningChannel,
  type ScreeningCompletedPayload,
  type VerdictStatus,
} from '@inps/shared';

/** An agreement event once parsed: monitoring only ever receives agreements with a start. */
export type AgreementPayload = AgreementEventPayload & { readonly validFrom: string };

class MalformedEventError extends Error {
  constructor(type: string, problem: string) {
    super(`Malformed ${type} event: ${problem}`);
    this.name = 'MalformedEventError';
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const ISTAT = /^(IT|[0-9]{2,6})$/;

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

export function parseScreeningCompleted(payload: unknown): ScreeningCompletedPayload {
  const type = 'screening.completed';
  const o = obj(type, payload);
  const territory = o.territory === null || o.territory === undefined ? null : text(type, o, 'territory', /^[0-9]{6}$/);
  const organisationId = o.organisationId === null || o.organisationId === undefined ? null : text(type, o, 'organisationId');
  if (!Array.isArray(o.verdicts)) fail(type, 'verdicts must be a list');
  const verdicts = o.verdicts.map((v: unknown, index) => {
    const verdict = obj(type, v);
    return { benefitId: text(type, verdict, 'benefitId'), status: oneOf(type, verdict, 'status', VERDICT_STATUSES), index };
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
    verdicts: verdicts.map(({ benefitId, status }) => ({ benefitId, status })),
    stoppedFor: [...new Set(stoppedFor)],
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

export function parseOutreachEventHeld(payload: unknown): OutreachEventHeldPayload {
  const type = OUTREACH_EVENT_HELD;
  const o = obj(type, payload);
  const people = o.peopleContacted;
  if (typeof people !== 'number' || !Number.isInteger(people) || people < 0 || people > 1_000_000) fail(type, 'peopleContacted must be a whole number ≥ 0');
  if (typeof o.communicatedInTime !== 'boolean') fail(type, 'communicatedInTime must be true or false');
  return {
    eventId: text(type, o, 'eventId'),
    agreementId: o.agreementId === null || o.agreementId === undefined ? null : text(type, o, 'agreementId'),
    organisationId: o.organisationId === null || o.organisationId === undefined ? null : text(type, o, 'organisationId'),
    territory: text(type, o, 'territory', /^[0-9]{2,6}$/),
    day: text(type, o, 'day', DAY),
    peopleContacted: people,
    communicatedInTime: o.communicatedInTime,
  };
}

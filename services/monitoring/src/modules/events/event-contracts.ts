/**
 * The events monitoring consumes, as published by the questionnaire and agreements services
 * (job name = type, data = { id, type, occurredAt, payload }), and strict parsers: a malformed
 * event is refused whole rather than half-applied.
 */

export const SCREENING_CHANNELS = ['desk', 'mobile_unit', 'gazebo', 'phone', 'self'] as const;
export const SCREENING_MODES = ['self', 'operator'] as const;
export const EVENT_AGE_BANDS = ['0-17', '18-29', '30-44', '45-59', '60-66', '67+', 'unknown'] as const;
export const HOUSEHOLD_SIZE_BANDS = ['1', '2', '3-4', '5+', 'unknown'] as const;
export const VERDICT_STATUSES = ['LIKELY_ELIGIBLE', 'NOT_ELIGIBLE', 'UNDETERMINED'] as const;
export const STOP_REASONS = ['ISEE', 'RESIDENCE'] as const;

export type ScreeningChannel = (typeof SCREENING_CHANNELS)[number];
export type VerdictStatus = (typeof VERDICT_STATUSES)[number];
export type StopReason = (typeof STOP_REASONS)[number];

export interface ScreeningCompletedPayload {
  readonly screeningId: string;
  readonly ruleSetId: string;
  readonly day: string;
  readonly territory: string | null;
  readonly organisationId: string | null;
  readonly channel: ScreeningChannel;
  readonly mode: (typeof SCREENING_MODES)[number];
  readonly ageBand: (typeof EVENT_AGE_BANDS)[number];
  readonly householdSizeBand: (typeof HOUSEHOLD_SIZE_BANDS)[number];
  readonly verdicts: readonly { readonly benefitId: string; readonly status: VerdictStatus }[];
  readonly stoppedFor: readonly StopReason[];
}

export const AGREEMENT_EVENT_TYPES = ['agreement.activated', 'agreement.expired', 'agreement.terminated'] as const;
export type AgreementEventType = (typeof AGREEMENT_EVENT_TYPES)[number];

export interface AgreementPayload {
  readonly agreementId: string;
  readonly code: string;
  readonly kind: string;
  readonly organisations: readonly string[];
  readonly territories: readonly string[];
  readonly validFrom: string;
  readonly validTo: string | null;
  readonly day: string;
}

export const OUTREACH_EVENT_HELD = 'outreach-event.held';

/** As services/agreements publishes it when an outreach event is marked held. */
export interface OutreachEventHeldPayload {
  readonly eventId: string;
  readonly agreementId: string | null;
  readonly organisationId: string | null;
  readonly territory: string;
  readonly day: string;
  readonly peopleContacted: number;
  readonly communicatedInTime: boolean;
}

export class MalformedEventError extends Error {
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

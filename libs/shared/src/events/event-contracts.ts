/**
 * The events that cross services, as the producers write them to the outbox and the consumers read
 * them (job name = type, data = { id, type, occurredOn, payload }). One definition, so that a change
 * on one side is a compile error on the other. Payloads carry bands, days and codes only: nothing
 * that identifies a person (docs/architecture.md §2.2, "Anonymous by construction").
 */

export const SCREENING_COMPLETED = 'screening.completed';
export const AGREEMENT_ACTIVATED = 'agreement.activated';
export const AGREEMENT_EXPIRED = 'agreement.expired';
export const AGREEMENT_TERMINATED = 'agreement.terminated';
export const AGREEMENT_EVENT_TYPES = [AGREEMENT_ACTIVATED, AGREEMENT_EXPIRED, AGREEMENT_TERMINATED] as const;
export const OUTREACH_EVENT_HELD = 'outreach-event.held';
export const MOBILE_UNIT_REQUEST_DECIDED = 'mobile-unit-request.decided';
export const TECHNICAL_TABLE_ISSUE_ESCALATED = 'technical-table-issue.escalated';
export const AGREEMENT_REVIEWED = 'agreement.reviewed';
export const TECHNICAL_TABLE_MEETING_HELD = 'technical-table-meeting.held';

export type AgreementEventType = (typeof AGREEMENT_EVENT_TYPES)[number];

export const SCREENING_CHANNELS = ['desk', 'mobile_unit', 'gazebo', 'phone', 'self'] as const;
export const SCREENING_MODES = ['self', 'operator'] as const;
export const EVENT_AGE_BANDS = ['0-17', '18-29', '30-44', '45-59', '60-66', '67+', 'unknown'] as const;
export const HOUSEHOLD_SIZE_BANDS = ['1', '2', '3-4', '5+', 'unknown'] as const;
export const VERDICT_STATUSES = ['LIKELY_ELIGIBLE', 'NOT_ELIGIBLE', 'UNDETERMINED'] as const;
export const STOP_REASONS = ['ISEE', 'RESIDENCE'] as const;

export type ScreeningChannel = (typeof SCREENING_CHANNELS)[number];
export type ScreeningMode = (typeof SCREENING_MODES)[number];
export type EventAgeBand = (typeof EVENT_AGE_BANDS)[number];
export type HouseholdSizeBand = (typeof HOUSEHOLD_SIZE_BANDS)[number];
export type VerdictStatus = (typeof VERDICT_STATUSES)[number];
export type StopReason = (typeof STOP_REASONS)[number];

/** What monitoring learns about a completed screening: bands instead of ages, the day instead of the instant, verdicts instead of facts. */
export interface ScreeningCompletedPayload {
  /** A random UUID that only lets follow-ups refer to the screening. */
  readonly screeningId: string;
  readonly ruleSetId: string;
  readonly day: string;
  readonly territory: string | null;
  readonly organisationId: string | null;
  readonly channel: ScreeningChannel;
  readonly mode: ScreeningMode;
  readonly ageBand: EventAgeBand;
  readonly householdSizeBand: HouseholdSizeBand;
  readonly verdicts: readonly ScreeningVerdict[];
  /** Why the screening could not conclude on some benefit: the two blockers the programme tracks. */
  readonly stoppedFor: readonly StopReason[];
  /**
   * The facts the person answered "I don't know" to: names of the fact vocabulary (docs/facts.md),
   * never a value. Absent when there were none, and in events published before "I don't know"
   * existed: a consumer reads absence as none.
   */
  readonly unknownFacts?: readonly string[];
}

export interface ScreeningVerdict {
  readonly benefitId: string;
  readonly status: VerdictStatus;
  /** On an UNDETERMINED verdict: which of the payload's `unknownFacts` it lacked. Absent when none (and on older events). */
  readonly unknownFacts?: readonly string[];
}

export interface AgreementEventPayload {
  readonly agreementId: string;
  readonly code: string;
  readonly kind: string;
  readonly organisations: readonly string[];
  readonly territories: readonly string[];
  readonly validFrom: string | null;
  readonly validTo: string | null;
  /** The Europe/Rome day the change took effect. */
  readonly day: string;
}

export interface OutreachEventHeldPayload {
  readonly eventId: string;
  readonly agreementId: string | null;
  readonly organisationId: string | null;
  readonly territory: string;
  readonly day: string;
  readonly peopleContacted: number;
  readonly communicatedInTime: boolean;
}

export interface MobileUnitRequestDecidedPayload {
  readonly requestId: string;
  readonly eventId: string;
  readonly territory: string;
  readonly decision: 'APPROVED' | 'REJECTED';
  readonly day: string;
  readonly leadTimeDays: number;
  readonly overridden: boolean;
}

export interface TechnicalTableIssueEscalatedPayload {
  readonly issueId: string;
  readonly tableId: string;
  readonly territory: string | null;
  readonly centralIssueId: string;
  readonly centralTableId: string;
  readonly day: string;
}

/** The central directorate decided on a submitted agreement: how long the review took, for the governance indicators. */
export interface AgreementReviewedPayload {
  readonly agreementId: string;
  readonly kind: string;
  readonly territories: readonly string[];
  readonly organisations: readonly string[];
  readonly decision: 'APPROVED' | 'CHANGES_REQUESTED' | 'REJECTED';
  /** The Europe/Rome day the agreement was (last) submitted for review. */
  readonly submittedOn: string;
  /** The Europe/Rome day of the decision. */
  readonly day: string;
  /** Calendar days from submission to decision. */
  readonly reviewDays: number;
}

/** A technical table held a meeting (recorded with its minutes). */
export interface TechnicalTableMeetingHeldPayload {
  readonly meetingId: string;
  readonly tableId: string;
  readonly level: 'LOCAL' | 'CENTRAL';
  readonly territory: string | null;
  readonly day: string;
}

/**
 * Every event that crosses services, with its payload. `OutboxService.enqueue` takes a type from
 * here and only its payload, and a consumer's `@EventHandler` gets that payload through a parser
 * returning it: a new event is one line here, and a producer or consumer that disagrees with it
 * does not compile.
 */
export interface EventPayloads {
  [SCREENING_COMPLETED]: ScreeningCompletedPayload;
  [AGREEMENT_ACTIVATED]: AgreementEventPayload;
  [AGREEMENT_EXPIRED]: AgreementEventPayload;
  [AGREEMENT_TERMINATED]: AgreementEventPayload;
  [OUTREACH_EVENT_HELD]: OutreachEventHeldPayload;
  [MOBILE_UNIT_REQUEST_DECIDED]: MobileUnitRequestDecidedPayload;
  [TECHNICAL_TABLE_ISSUE_ESCALATED]: TechnicalTableIssueEscalatedPayload;
  [AGREEMENT_REVIEWED]: AgreementReviewedPayload;
  [TECHNICAL_TABLE_MEETING_HELD]: TechnicalTableMeetingHeldPayload;
}

export type EventType = keyof EventPayloads;

/** Every key of the map, once: a type added to the map without being added here does not compile. */
const ALL_EVENT_TYPES: { readonly [T in EventType]: true } = {
  [SCREENING_COMPLETED]: true,
  [AGREEMENT_ACTIVATED]: true,
  [AGREEMENT_EXPIRED]: true,
  [AGREEMENT_TERMINATED]: true,
  [OUTREACH_EVENT_HELD]: true,
  [MOBILE_UNIT_REQUEST_DECIDED]: true,
  [TECHNICAL_TABLE_ISSUE_ESCALATED]: true,
  [AGREEMENT_REVIEWED]: true,
  [TECHNICAL_TABLE_MEETING_HELD]: true,
};

/** The event types at run time (checks that every one has a consumer, for instance). */
export const EVENT_TYPES: readonly EventType[] = Object.freeze(Object.keys(ALL_EVENT_TYPES) as EventType[]);

import { coverageOf, isIsoDate, type IsoDate, PARTNER_ROLES, romeDate, type TerritoryHierarchy, touches } from '@inps/kernel';
import { hasAnyRole, type Actor, type ActorRole } from './actor';
import type { AgreementKind, AgreementState, DgFlags, Validity } from './agreement.types';
import { AGREEMENT_KINDS, needsDgEvaluation } from './agreement.types';
import type { ErrorDetail, Result } from './domain-error';
import { detail, fail, ok } from './domain-error';
import type { MachineSpec, TransitionRejection, TransitionRule } from './state-machine';
import { allowedActions as machineAllowedActions, decide } from './state-machine';
import { belongsTo, hasCompetenceForAll, isNationalActor } from './scope';

/**
 * The review workflow of agreements (docs/domain.md §3.3): territorial and local agreements go through the
 * central directorate, and through the general directorate when they touch IT, data or money;
 * framework agreements are recorded as signed by the central directorate.
 */

export const AGREEMENT_ACTIONS = [
  'submit',
  'resubmit',
  'start_review',
  'refer_to_dg',
  'approve',
  'request_changes',
  'reject',
  'withdraw',
  'sign',
  'activate',
  'expire',
  'terminate',
] as const;
export type AgreementAction = (typeof AGREEMENT_ACTIONS)[number];

type AgreementCondition =
  | 'SCOPE_NOT_EMPTY'
  | 'REVIEW_REQUIRED'
  | 'REVIEW_NOT_REQUIRED'
  | 'DG_EVALUATION_REQUIRED'
  | 'DG_EVALUATION_NOT_REQUIRED'
  | 'REASON_GIVEN'
  | 'SIGNATURE_DATE_VALID'
  | 'VALIDITY_GIVEN'
  | 'VALIDITY_STARTED'
  | 'VALIDITY_NOT_ENDED'
  | 'VALIDITY_ENDED';

export interface AgreementRule extends TransitionRule<AgreementState, AgreementAction, AgreementCondition> {
  readonly kinds: readonly AgreementKind[];
}

const REVIEWED: readonly AgreementKind[] = ['TERRITORIAL', 'LOCAL'];
const FRAMEWORK: readonly AgreementKind[] = ['FRAMEWORK'];
const ALL_KINDS: readonly AgreementKind[] = AGREEMENT_KINDS;

/** The transition table. Rows for the same action and state are tried in order. */
export const AGREEMENT_TRANSITIONS: readonly AgreementRule[] = [
  { action: 'submit', from: ['DRAFT'], to: 'SUBMITTED', roles: ['territorial'], conditions: ['SCOPE_NOT_EMPTY', 'REVIEW_REQUIRED'], kinds: REVIEWED },
  // An amendment that keeps the flags and the scope of an active agreement is not reviewed again.
  { action: 'submit', from: ['DRAFT'], to: 'APPROVED', roles: ['territorial'], conditions: ['SCOPE_NOT_EMPTY', 'REVIEW_NOT_REQUIRED'], kinds: REVIEWED },
  { action: 'resubmit', from: ['CHANGES_REQUESTED'], to: 'SUBMITTED', roles: ['territorial'], conditions: ['SCOPE_NOT_EMPTY'], kinds: REVIEWED },
  { action: 'start_review', from: ['SUBMITTED'], to: 'CENTRAL_REVIEW', roles: ['central'], conditions: [], kinds: REVIEWED },
  { action: 'refer_to_dg', from: ['CENTRAL_REVIEW'], to: 'DG_EVALUATION', roles: ['central'], conditions: ['DG_EVALUATION_REQUIRED'], kinds: REVIEWED },
  { action: 'approve', from: ['CENTRAL_REVIEW'], to: 'APPROVED', roles: ['central'], conditions: ['DG_EVALUATION_NOT_REQUIRED'], kinds: REVIEWED },
  { action: 'approve', from: ['DG_EVALUATION'], to: 'APPROVED', roles: ['dg'], conditions: [], kinds: REVIEWED },
  { action: 'request_changes', from: ['CENTRAL_REVIEW'], to: 'CHANGES_REQUESTED', roles: ['central'], conditions: ['REASON_GIVEN'], kinds: REVIEWED },
  { action: 'request_changes', from: ['DG_EVALUATION'], to: 'CHANGES_REQUESTED', roles: ['dg'], conditions: ['REASON_GIVEN'], kinds: REVIEWED },
  { action: 'reject', from: ['CENTRAL_REVIEW'], to: 'REJECTED', roles: ['central'], conditions: ['REASON_GIVEN'], kinds: REVIEWED },
  { action: 'reject', from: ['DG_EVALUATION'], to: 'REJECTED', roles: ['dg'], conditions: ['REASON_GIVEN'], kinds: REVIEWED },
  {
    action: 'withdraw',
    from: ['DRAFT', 'SUBMITTED', 'CENTRAL_REVIEW', 'DG_EVALUATION', 'CHANGES_REQUESTED', 'APPROVED'],
    to: 'WITHDRAWN',
    roles: ['territorial'],
    conditions: [],
    kinds: REVIEWED,
  },
  { action: 'withdraw', from: ['DRAFT'], to: 'WITHDRAWN', roles: ['central'], conditions: [], kinds: FRAMEWORK },
  { action: 'sign', from: ['APPROVED'], to: 'SIGNED', roles: ['territorial'], conditions: ['SIGNATURE_DATE_VALID', 'VALIDITY_GIVEN'], kinds: REVIEWED },
  {
    action: 'sign',
    from: ['DRAFT'],
    to: 'SIGNED',
    roles: ['central'],
    conditions: ['SCOPE_NOT_EMPTY', 'SIGNATURE_DATE_VALID', 'VALIDITY_GIVEN'],
    kinds: FRAMEWORK,
  },
  { action: 'activate', from: ['SIGNED'], to: 'ACTIVE', roles: ['system'], conditions: ['VALIDITY_STARTED', 'VALIDITY_NOT_ENDED'], kinds: ALL_KINDS },
  // A signed agreement whose term ended before the job ran expires without ever being active.
  { action: 'expire', from: ['SIGNED', 'ACTIVE'], to: 'EXPIRED', roles: ['system'], conditions: ['VALIDITY_ENDED'], kinds: ALL_KINDS },
  { action: 'terminate', from: ['SIGNED', 'ACTIVE'], to: 'TERMINATED', roles: ['central', 'territorial'], conditions: ['REASON_GIVEN'], kinds: ALL_KINDS },
];

/** The states in which an agreement's text may still be edited: before submission, and when sent back for changes. */
export const EDITABLE_STATES: readonly AgreementState[] = ['DRAFT', 'CHANGES_REQUESTED'];

/**
 * Who edits a draft: whoever takes it forward in the table above (territorial staff submit and
 * resubmit reviewed agreements; the central directorate records frameworks).
 */
export function draftEditorRoles(kind: AgreementKind): readonly ActorRole[] {
  return kind === 'FRAMEWORK' ? ['central'] : ['territorial'];
}

/** What the agreement it amends looked like, so that the workflow can tell whether to review again. */
export interface AmendedAgreement {
  readonly id: string;
  readonly state: AgreementState;
  readonly flags: DgFlags;
  readonly scope: readonly string[];
}

/** The part of an agreement the workflow reads and writes; the service keeps the rest. */
export interface WorkflowAgreement {
  readonly id: string;
  readonly kind: AgreementKind;
  readonly state: AgreementState;
  /** Starts at 1; each resubmission after a request for changes adds one. */
  readonly version: number;
  /** ISTAT codes (or `IT`) the agreement applies to. */
  readonly scope: readonly string[];
  readonly flags: DgFlags;
  readonly amends?: AmendedAgreement | null;
  readonly signedOn?: IsoDate | null;
  readonly validity?: Validity | null;
  readonly terminatedOn?: IsoDate | null;
  /** Organisations that are parties; their staff may read the agreement. */
  readonly partyOrganisationIds?: readonly string[];
}

export interface AgreementCommand {
  readonly action: AgreementAction;
  /** Required to request changes, reject and terminate; recorded for every action. */
  readonly reason?: string;
  /** `sign`: the day of the last signature. */
  readonly signedOn?: IsoDate;
  /** `sign`: the validity computed from the text (see agreement-validity). */
  readonly validity?: Validity;
}

/** One row of the audit trail. */
interface AgreementTransitionRecord {
  readonly agreementId: string;
  readonly action: AgreementAction;
  readonly from: AgreementState;
  readonly to: AgreementState;
  readonly version: number;
  readonly actorId: string;
  readonly at: string;
  readonly reason: string | null;
}

interface AgreementTransitionResult<T extends WorkflowAgreement> {
  readonly agreement: T;
  readonly record: AgreementTransitionRecord;
}

type AgreementTransitionError = TransitionRejection<AgreementState, AgreementAction>;

export type AmendmentChange = 'FLAGS_CHANGED' | 'SCOPE_CHANGED';

/**
 * An amendment to an active agreement is reviewed again only when it changes the flags that call
 * for the general directorate or the territories covered; other changes (dates of meetings,
 * contacts, wording) do not alter what the central directorate checked.
 */
export function amendmentReview(
  base: Pick<AmendedAgreement, 'flags' | 'scope'>,
  amended: Pick<WorkflowAgreement, 'flags' | 'scope'>,
): { readonly required: boolean; readonly changes: readonly AmendmentChange[] } {
  const changes: AmendmentChange[] = [];
  const flagsChanged =
    base.flags.itChanges !== amended.flags.itChanges || base.flags.dataExchange !== amended.flags.dataExchange || base.flags.costs !== amended.flags.costs;
  if (flagsChanged) changes.push('FLAGS_CHANGED');
  const a = new Set(base.scope);
  const b = new Set(amended.scope);
  if (a.size !== b.size || [...a].some((code) => !b.has(code))) changes.push('SCOPE_CHANGED');
  return { required: changes.length > 0, changes };
}

function reviewRequired(agreement: WorkflowAgreement): boolean {
  const base = agreement.amends;
  if (!base || base.state !== 'ACTIVE') return true;
  return amendmentReview(base, agreement).required;
}

interface AgreementContext {
  readonly agreement: WorkflowAgreement;
  readonly command: AgreementCommand | null;
  readonly today: IsoDate;
  readonly hierarchy: TerritoryHierarchy;
}

function validityProblem(field: string, validity: Validity | null | undefined): ErrorDetail | null {
  if (!validity) {
    return detail(field, 'VALIDITY_MISSING', 'Il periodo di validità non è stato indicato.', 'The validity period is missing.');
  }
  if (!isIsoDate(validity.from) || !isIsoDate(validity.to)) {
    return detail(field, 'VALIDITY_NOT_A_DATE', 'Le date di validità devono essere nel formato AAAA-MM-GG.', 'Validity dates must be YYYY-MM-DD.');
  }
  if (validity.to < validity.from) {
    return detail(`${field}.to`, 'VALIDITY_END_BEFORE_START', "La fine della validità precede l'inizio.", 'The validity ends before it starts.');
  }
  return null;
}

const CONDITIONS: MachineSpec<AgreementState, AgreementAction, AgreementCondition, AgreementContext, AgreementRule>['conditions'] = {
  SCOPE_NOT_EMPTY: {
    kind: 'state',
    check: ({ agreement }) =>
      agreement.scope.length > 0 ? null : detail('scope', 'SCOPE_EMPTY', 'Indicare almeno un territorio.', 'Give at least one territory.'),
  },
  REVIEW_REQUIRED: {
    kind: 'state',
    check: ({ agreement }) =>
      reviewRequired(agreement)
        ? null
        : detail(
            'amends',
            'AMENDMENT_WITHOUT_REVIEW',
            'La modifica non cambia né i flag né i territori: non richiede una nuova verifica.',
            'The amendment changes neither flags nor scope: it needs no new review.',
          ),
  },
  REVIEW_NOT_REQUIRED: {
    kind: 'state',
    check: ({ agreement }) =>
      reviewRequired(agreement)
        ? detail('amends', 'REVIEW_REQUIRED', 'È richiesta la verifica della Direzione centrale.', 'A central review is required.')
        : null,
  },
  DG_EVALUATION_REQUIRED: {
    kind: 'state',
    check: ({ agreement }) =>
      needsDgEvaluation(agreement.flags)
        ? null
        : detail(
            'flags',
            'DG_EVALUATION_NOT_NEEDED',
            "L'accordo non prevede modifiche informatiche, scambi di dati od oneri: la valutazione della Direzione generale non è prevista.",
            'The agreement involves no IT changes, data exchange or costs: no general-directorate evaluation applies.',
          ),
  },
  DG_EVALUATION_NOT_REQUIRED: {
    kind: 'state',
    check: ({ agreement }) =>
      needsDgEvaluation(agreement.flags)
        ? detail(
            'flags',
            'DG_EVALUATION_REQUIRED',
            "L'accordo prevede modifiche informatiche, scambi di dati od oneri: serve la valutazione preventiva della Direzione generale.",
            'The agreement involves IT changes, data exchange or costs: the general directorate must evaluate it first.',
          )
        : null,
  },
  REASON_GIVEN: {
    kind: 'input',
    check: ({ command }) =>
      command?.reason && command.reason.trim().length > 0 ? null : detail('reason', 'REASON_REQUIRED', 'Indicare la motivazione.', 'A reason is required.'),
  },
  SIGNATURE_DATE_VALID: {
    kind: 'input',
    check: ({ command, today }) => {
      const signedOn = command?.signedOn;
      if (!isIsoDate(signedOn)) {
        return detail('signedOn', 'SIGNATURE_DATE_REQUIRED', 'Indicare la data di sottoscrizione (AAAA-MM-GG).', 'Give the signing date (YYYY-MM-DD).');
      }
      return signedOn > today
        ? detail('signedOn', 'SIGNATURE_DATE_IN_FUTURE', 'La data di sottoscrizione è futura.', 'The signing date is in the future.')
        : null;
    },
  },
  VALIDITY_GIVEN: { kind: 'input', check: ({ command }) => validityProblem('validity', command?.validity) },
  VALIDITY_STARTED: {
    kind: 'state',
    check: ({ agreement, today }) =>
      validityProblem('validity', agreement.validity) ??
      (agreement.validity && agreement.validity.from > today
        ? detail('validity.from', 'NOT_YET_IN_FORCE', "L'accordo non è ancora in vigore.", 'The agreement is not in force yet.')
        : null),
  },
  VALIDITY_NOT_ENDED: {
    kind: 'state',
    check: ({ agreement, today }) =>
      validityProblem('validity', agreement.validity) ??
      (agreement.validity && agreement.validity.to < today
        ? detail('validity.to', 'ALREADY_ENDED', "La validità dell'accordo è già terminata.", 'The agreement has already ended.')
        : null),
  },
  VALIDITY_ENDED: {
    kind: 'state',
    check: ({ agreement, today }) =>
      validityProblem('validity', agreement.validity) ??
      (agreement.validity && agreement.validity.to >= today
        ? detail('validity.to', 'STILL_IN_FORCE', "L'accordo è ancora in vigore.", 'The agreement is still in force.')
        : null),
  },
};

const AGREEMENT_MACHINE: MachineSpec<AgreementState, AgreementAction, AgreementCondition, AgreementContext, AgreementRule> = {
  subject: { it: "l'accordo", en: 'the agreement' },
  rules: AGREEMENT_TRANSITIONS,
  conditions: CONDITIONS,
  applies: (rule, ctx) => rule.kinds.includes(ctx.agreement.kind),
  inScope: (actor, ctx) => hasCompetenceForAll(actor, ctx.agreement.scope, ctx.hierarchy),
  scopeField: 'scope',
};

function normaliseCommand(command: AgreementAction | AgreementCommand): AgreementCommand {
  return typeof command === 'string' ? { action: command } : command;
}

function nextVersion(agreement: WorkflowAgreement, action: AgreementAction): number {
  return action === 'resubmit' ? agreement.version + 1 : agreement.version;
}

/** Who may read an agreement: also asked where an agreement is only referred to (an event's, a table's). */
export function canViewAgreement(
  agreement: Pick<WorkflowAgreement, 'kind' | 'scope' | 'partyOrganisationIds'>,
  actor: Actor,
  hierarchy: TerritoryHierarchy,
): boolean {
  if (isNationalActor(actor)) return true;
  if (actor.roles.includes('territorial')) {
    // Every territorial structure works under the national frameworks, so it must read them.
    if (agreement.kind === 'FRAMEWORK') return true;
    const coverage = coverageOf(actor);
    if (agreement.scope.some((code) => touches(coverage, code, hierarchy))) return true;
  }
  return hasAnyRole(actor, PARTNER_ROLES) && (agreement.partyOrganisationIds ?? []).some((id) => belongsTo(actor, id));
}

export interface AgreementWorkflow {
  transition<T extends WorkflowAgreement>(
    agreement: T,
    command: AgreementAction | AgreementCommand,
    actor: Actor,
    now: Date,
  ): Result<AgreementTransitionResult<T>, AgreementTransitionError>;
  allowedActions(agreement: WorkflowAgreement, actor: Actor, now: Date): AgreementAction[];
  canView(agreement: WorkflowAgreement, actor: Actor): boolean;
}

/**
 * The workflow bound to the territory hierarchy, so that a territorial user's competence can be
 * checked against comuni, provinces and regions alike.
 */
export function agreementWorkflow(hierarchy: TerritoryHierarchy): AgreementWorkflow {
  return {
    transition<T extends WorkflowAgreement>(
      agreement: T,
      rawCommand: AgreementAction | AgreementCommand,
      actor: Actor,
      now: Date,
    ): Result<AgreementTransitionResult<T>, AgreementTransitionError> {
      const command = normaliseCommand(rawCommand);
      const today = romeDate(now);
      const ctx: AgreementContext = { agreement, command, today, hierarchy };
      const decision = decide(AGREEMENT_MACHINE, agreement.state, command.action, actor, ctx);
      if (!decision.ok) return fail(decision.error);
      const rule = decision.value;
      const version = nextVersion(agreement, command.action);
      const reason = command.reason?.trim() ? command.reason.trim() : null;
      const updated: T = {
        ...agreement,
        state: rule.to,
        version,
        ...(command.action === 'sign' ? { signedOn: command.signedOn, validity: command.validity } : {}),
        ...(command.action === 'terminate' ? { terminatedOn: today } : {}),
      };
      return ok({
        agreement: updated,
        record: {
          agreementId: agreement.id,
          action: command.action,
          from: agreement.state,
          to: rule.to,
          version,
          actorId: actor.id,
          at: now.toISOString(),
          reason,
        },
      });
    },

    allowedActions(agreement: WorkflowAgreement, actor: Actor, now: Date): AgreementAction[] {
      const ctx: AgreementContext = { agreement, command: null, today: romeDate(now), hierarchy };
      return machineAllowedActions(AGREEMENT_MACHINE, agreement.state, actor, ctx);
    },

    canView(agreement: WorkflowAgreement, actor: Actor): boolean {
      return canViewAgreement(agreement, actor, hierarchy);
    },
  };
}

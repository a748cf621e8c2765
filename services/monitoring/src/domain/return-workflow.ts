import type { Role } from '@inps/kernel';
import { isSubmittedOnTime, returnDeadline, hasSemesterEnded } from './semester';

/**
 * Workflow of a partner's semiannual return, as a transition table:
 *
 *   DRAFT ──submit──▶ SUBMITTED ──accept──▶ ACCEPTED ──reopen (central)──▶ RETURNED
 *                        │                                                   │
 *                        └──return (with a comment)──▶ RETURNED ──submit─────┘
 *
 * An accepted return is locked: only the central directorate may reopen it, with a reason,
 * and the caller must write an audit record (`audit: true` in the outcome says so). Who
 * belongs to which organisation or territory is the caller's check; this table only knows
 * roles.
 */

export type ReturnStatus = 'DRAFT' | 'SUBMITTED' | 'ACCEPTED' | 'RETURNED';
export type ReturnAction = 'submit' | 'accept' | 'return' | 'reopen';

export interface ReturnTransition {
  readonly action: ReturnAction;
  readonly from: readonly ReturnStatus[];
  readonly to: ReturnStatus;
  readonly roles: readonly Role[];
  readonly commentRequired: boolean;
  readonly audited: boolean;
}

export const RETURN_TRANSITIONS: readonly ReturnTransition[] = [
  { action: 'submit', from: ['DRAFT', 'RETURNED'], to: 'SUBMITTED', roles: ['partner_admin', 'partner_app'], commentRequired: false, audited: false },
  { action: 'accept', from: ['SUBMITTED'], to: 'ACCEPTED', roles: ['central', 'territorial'], commentRequired: false, audited: false },
  { action: 'return', from: ['SUBMITTED'], to: 'RETURNED', roles: ['central', 'territorial'], commentRequired: true, audited: false },
  { action: 'reopen', from: ['ACCEPTED'], to: 'RETURNED', roles: ['central'], commentRequired: true, audited: true },
];

/** The figures of a return can be edited only while the partner holds it. */
export function isReturnEditable(status: ReturnStatus): boolean {
  return status === 'DRAFT' || status === 'RETURNED';
}

export type TransitionOutcome =
  | { readonly ok: true; readonly from: ReturnStatus; readonly to: ReturnStatus; readonly audit: boolean; readonly comment: string | null }
  | { readonly ok: false; readonly code: 'INVALID_TRANSITION' | 'FORBIDDEN' | 'COMMENT_REQUIRED'; readonly message: string };

export function transitionReturn(
  status: ReturnStatus,
  action: ReturnAction,
  actor: { readonly roles: readonly Role[] },
  comment?: string | null,
): TransitionOutcome {
  const transition = RETURN_TRANSITIONS.find((candidate) => candidate.action === action);
  if (!transition) return { ok: false, code: 'INVALID_TRANSITION', message: `Unknown action "${action}"` };
  if (!transition.from.includes(status)) {
    const possible = allowedActions(status).join(', ') || 'none';
    return { ok: false, code: 'INVALID_TRANSITION', message: `Cannot ${action} a return that is ${status}; possible actions: ${possible}` };
  }
  if (!actor.roles.some((role) => transition.roles.includes(role))) {
    return { ok: false, code: 'FORBIDDEN', message: `Only ${transition.roles.join(' or ')} may ${action} a ${status} return` };
  }
  const text = comment?.trim() ?? '';
  if (transition.commentRequired && text === '') {
    return { ok: false, code: 'COMMENT_REQUIRED', message: `A comment saying why is required to ${action} a return` };
  }
  return { ok: true, from: status, to: transition.to, audit: transition.audited, comment: text === '' ? null : text };
}

/** Actions possible from a status, whatever the role (for the API's "links"). */
export function allowedActions(status: ReturnStatus, roles?: readonly Role[]): ReturnAction[] {
  return RETURN_TRANSITIONS.filter((transition) => transition.from.includes(status) && (!roles || roles.some((role) => transition.roles.includes(role)))).map(
    (transition) => transition.action,
  );
}

export type ReturnTimeliness = 'NOT_DUE' | 'ON_TIME' | 'LATE' | 'MISSING';

/**
 * Timeliness counts the first submission: a return sent back for corrections and resubmitted
 * later is still on time if it first arrived by the due date.
 */
export function returnTimeliness(semesterId: string, firstSubmittedAt: Date | null, asOf: Date, graceDays: number): ReturnTimeliness {
  if (firstSubmittedAt) return isSubmittedOnTime(semesterId, firstSubmittedAt, graceDays) ? 'ON_TIME' : 'LATE';
  if (!hasSemesterEnded(semesterId, asOf)) return 'NOT_DUE';
  return asOf.getTime() < returnDeadline(semesterId, graceDays).lateFrom.getTime() ? 'NOT_DUE' : 'MISSING';
}

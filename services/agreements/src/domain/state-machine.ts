import type { Text } from '@inps/kernel';
import type { Actor, ActorRole } from './actor';
import type { DomainError, ErrorDetail, Result } from './domain-error';
import { detail, fail, ok } from './domain-error';

/**
 * A transition table interpreter shared by agreements, outreach events and mobile-unit requests.
 * The tables are plain data (action, from, to, roles, named conditions) so that they can be
 * printed, documented and tested exhaustively; the conditions' meaning lives beside each table.
 */

export interface TransitionRule<S extends string, A extends string, C extends string> {
  readonly action: A;
  readonly from: readonly S[];
  readonly to: S;
  readonly roles: readonly ActorRole[];
  readonly conditions: readonly C[];
}

/**
 * `input` conditions are about what the caller sent (a reason, a date) and cannot be known before
 * the call; `state` conditions are about the record and the clock, so they decide which actions are
 * offered as allowed.
 */
interface ConditionSpec<Ctx> {
  readonly kind: 'input' | 'state';
  /** `null` when the condition holds, otherwise what is wrong. */
  check(ctx: Ctx): ErrorDetail | null;
}

export interface MachineSpec<S extends string, A extends string, C extends string, Ctx, R extends TransitionRule<S, A, C> = TransitionRule<S, A, C>> {
  /** How people call the record, for messages ("l'accordo" / "the agreement"). */
  readonly subject: Text;
  readonly rules: readonly R[];
  readonly conditions: { readonly [K in C]: ConditionSpec<Ctx> };
  /** Rows that do not apply to this record at all (e.g. review steps for a framework agreement). */
  applies?(rule: R, ctx: Ctx): boolean;
  /** Territorial scoping, consulted only when the role granting the rule is `territorial`. */
  inScope(actor: Actor, ctx: Ctx): boolean;
  /** The field holding the territory, named when scoping refuses (`scope`, `territoryCode`). */
  readonly scopeField: string;
}

export interface TransitionRejection<S extends string, A extends string> extends DomainError {
  readonly state: S;
  readonly action: A;
  readonly allowedActions: readonly A[];
}

function qualifies<S extends string, A extends string, C extends string, Ctx, R extends TransitionRule<S, A, C>>(
  spec: MachineSpec<S, A, C, Ctx, R>,
  rule: R,
  actor: Actor,
  ctx: Ctx,
): boolean {
  return actor.roles.some((role) => rule.roles.includes(role) && (role !== 'territorial' || spec.inScope(actor, ctx)));
}

function candidateRules<S extends string, A extends string, C extends string, Ctx, R extends TransitionRule<S, A, C>>(
  spec: MachineSpec<S, A, C, Ctx, R>,
  state: S,
  ctx: Ctx,
): R[] {
  return spec.rules.filter((r) => r.from.includes(state) && (spec.applies?.(r, ctx) ?? true));
}

function failedConditions<S extends string, A extends string, C extends string, Ctx, R extends TransitionRule<S, A, C>>(
  spec: MachineSpec<S, A, C, Ctx, R>,
  rule: R,
  ctx: Ctx,
  kinds: readonly ('input' | 'state')[],
): { condition: C; detail: ErrorDetail }[] {
  const failures: { condition: C; detail: ErrorDetail }[] = [];
  for (const condition of rule.conditions) {
    const c = spec.conditions[condition];
    if (!kinds.includes(c.kind)) continue;
    const problem = c.check(ctx);
    if (problem) failures.push({ condition, detail: problem });
  }
  return failures;
}

/** The actions this actor could take now, in table order, without duplicates. */
export function allowedActions<S extends string, A extends string, C extends string, Ctx, R extends TransitionRule<S, A, C>>(
  spec: MachineSpec<S, A, C, Ctx, R>,
  state: S,
  actor: Actor,
  ctx: Ctx,
): A[] {
  const actions: A[] = [];
  for (const rule of candidateRules(spec, state, ctx)) {
    if (actions.includes(rule.action)) continue;
    if (!qualifies(spec, rule, actor, ctx)) continue;
    if (failedConditions(spec, rule, ctx, ['state']).length > 0) continue;
    actions.push(rule.action);
  }
  return actions;
}

function listOrNone(actions: readonly string[], none: string): string {
  return actions.length > 0 ? actions.join(', ') : none;
}

/**
 * Picks the rule that lets `actor` perform `action` from `state`, or explains why none does.
 * The first failing check decides the error: unknown move, then role, then territory, then conditions.
 */
export function decide<S extends string, A extends string, C extends string, Ctx, R extends TransitionRule<S, A, C>>(
  spec: MachineSpec<S, A, C, Ctx, R>,
  state: S,
  action: A,
  actor: Actor,
  ctx: Ctx,
): Result<R, TransitionRejection<S, A>> {
  const allowed = allowedActions(spec, state, actor, ctx);
  const reject = (code: TransitionRejection<S, A>['code'], message: Text, details: ErrorDetail[]) =>
    fail<TransitionRejection<S, A>>({ code, message, details, state, action, allowedActions: allowed });
  const allowedIt = listOrNone(allowed, 'nessuna');
  const allowedEn = listOrNone(allowed, 'none');

  const sameAction = candidateRules(spec, state, ctx).filter((r) => r.action === action);
  if (sameAction.length === 0) {
    return reject(
      'TRANSITION_NOT_ALLOWED',
      {
        it: `Azione "${action}" non consentita per ${spec.subject.it} nello stato ${state}. Azioni consentite: ${allowedIt}.`,
        en: `Action "${action}" is not allowed for ${spec.subject.en} in state ${state}. Allowed actions: ${allowedEn}.`,
      },
      [
        detail(
          'action',
          'TRANSITION_NOT_IN_TABLE',
          `Da ${state} non è prevista l'azione "${action}"; consentite: ${allowedIt}.`,
          `"${action}" is not a transition from ${state}; allowed: ${allowedEn}.`,
        ),
      ],
    );
  }

  const byRole = sameAction.filter((r) => actor.roles.some((role) => r.roles.includes(role)));
  if (byRole.length === 0) {
    const roles = [...new Set(sameAction.flatMap((r) => r.roles))];
    return reject(
      'FORBIDDEN',
      {
        it: `Il ruolo dell'utente non consente l'azione "${action}". Azioni consentite: ${allowedIt}.`,
        en: `The user's role does not allow "${action}". Allowed actions: ${allowedEn}.`,
      },
      // The roles themselves, comma-separated, so that a client can read them as a list.
      [detail('requiredRoles', 'ROLE_NOT_ALLOWED', roles.join(','), roles.join(','))],
    );
  }

  const qualified = byRole.filter((r) => qualifies(spec, r, actor, ctx));
  if (qualified.length === 0) {
    return reject(
      'FORBIDDEN',
      {
        it: `Il territorio interessato non rientra nella competenza dell'utente. Azioni consentite: ${allowedIt}.`,
        en: `The territory concerned is outside the user's competence. Allowed actions: ${allowedEn}.`,
      },
      [
        detail(
          spec.scopeField,
          'TERRITORY_OUT_OF_SCOPE',
          "Uno o più territori non sono di competenza della struttura dell'utente.",
          "One or more territories are outside the user's unit.",
        ),
      ],
    );
  }

  for (const rule of qualified) {
    if (failedConditions(spec, rule, ctx, ['state', 'input']).length === 0) return ok(rule);
  }
  // Rows for one action differ only by state conditions (e.g. an amendment skipping review), so
  // report the caller's input problems on the row the record's state selects, if there is one.
  const stateOk = qualified.find((r) => failedConditions(spec, r, ctx, ['state']).length === 0);
  if (stateOk) {
    return reject(
      'VALIDATION_FAILED',
      {
        it: `Dati mancanti o non validi per l'azione "${action}".`,
        en: `Missing or invalid data for "${action}".`,
      },
      failedConditions(spec, stateOk, ctx, ['input']).map((f) => f.detail),
    );
  }
  // The row that came closest explains best what is missing.
  const failures = qualified
    .map((r) => failedConditions(spec, r, ctx, ['state']).map((f) => f.detail))
    .reduce((best, next) => (next.length < best.length ? next : best));
  return reject(
    'TRANSITION_NOT_ALLOWED',
    {
      it: `Condizioni non soddisfatte per l'azione "${action}". Azioni consentite: ${allowedIt}.`,
      en: `Conditions not met for "${action}". Allowed actions: ${allowedEn}.`,
    },
    failures,
  );
}

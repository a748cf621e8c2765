import { addDays, romeDate } from '@inps/kernel';
import fc from 'fast-check';
import type { Actor } from './actor';
import type { AgreementKind, AgreementState, DgFlags } from './agreement.types';
import { AGREEMENT_STATES } from './agreement.types';
import type { AgreementAction, AgreementCommand, WorkflowAgreement } from './agreement-workflow';
import { AGREEMENT_ACTIONS, AGREEMENT_TRANSITIONS, agreementWorkflow, amendmentReview } from './agreement-workflow';
import {
  at,
  central,
  dcmMilano,
  dcmRoma,
  dg,
  drLazio,
  FINAL_AGREEMENT_STATES,
  FROSINONE,
  hierarchy,
  MILANO,
  NO_DG_FLAGS,
  operator,
  partnerAdmin,
  ROMA,
  system,
} from './testing';

const workflow = agreementWorkflow(hierarchy);
const NOW = at('2026-03-02T10:00:00+01:00');

function draft(overrides: Partial<WorkflowAgreement> = {}): WorkflowAgreement {
  return {
    id: 'a-1',
    kind: 'TERRITORIAL',
    state: 'DRAFT',
    version: 1,
    scope: [ROMA],
    flags: NO_DG_FLAGS,
    partyOrganisationIds: ['caritas-roma'],
    ...overrides,
  };
}

/** Applies steps and fails the test at the first refusal, showing why. */
function run(agreement: WorkflowAgreement, steps: [AgreementAction | AgreementCommand, Actor, Date?][]): WorkflowAgreement {
  let current = agreement;
  for (const [command, actor, now] of steps) {
    const result = workflow.transition(current, command, actor, now ?? NOW);
    if (!result.ok) throw new Error(`${JSON.stringify(command)} by ${actor.id} refused: ${result.error.message.en}`);
    current = result.value.agreement;
  }
  return current;
}

const VALIDITY = { from: '2026-03-02', to: '2027-03-02' };
const SIGN: AgreementCommand = { action: 'sign', signedOn: '2026-03-02', validity: VALIDITY };

describe('agreement workflow: the main path', () => {
  it('takes a territorial agreement without DG flags from draft to expired', () => {
    const approved = run(draft(), [
      ['submit', dcmRoma],
      ['start_review', central],
      ['approve', central],
    ]);
    expect(approved.state).toBe('APPROVED');
    const signed = run(approved, [[SIGN, dcmRoma]]);
    expect(signed).toMatchObject({ state: 'SIGNED', signedOn: '2026-03-02', validity: VALIDITY });
    const active = run(signed, [['activate', system]]);
    expect(active.state).toBe('ACTIVE');
    const expired = run(active, [['expire', system, at('2027-03-03T00:00:01+01:00')]]);
    expect(expired.state).toBe('EXPIRED');
    expect(expired.version).toBe(1);
  });

  it('records who did what, when and why', () => {
    const submitted = run(draft(), [['submit', dcmRoma]]);
    const result = workflow.transition(submitted, 'start_review', central, NOW);
    expect(result.ok && result.value.record).toEqual({
      agreementId: 'a-1',
      action: 'start_review',
      from: 'SUBMITTED',
      to: 'CENTRAL_REVIEW',
      version: 1,
      actorId: 'u-central',
      at: '2026-03-02T09:00:00.000Z',
      reason: null,
    });
  });

  it('keeps the fields it does not manage', () => {
    const withExtra = { ...draft(), title: 'Accordo Roma Capitale' };
    const result = workflow.transition(withExtra, 'submit', dcmRoma, NOW);
    expect(result.ok && result.value.agreement.title).toBe('Accordo Roma Capitale');
  });
});

describe('agreement workflow: general-directorate evaluation', () => {
  const flagged = (flags: Partial<DgFlags>) => draft({ flags: { ...NO_DG_FLAGS, ...flags } });

  it.each([['itChanges'], ['dataExchange'], ['costs']] as const)('refuses central approval when %s is set and offers referral instead', (flag) => {
    const inReview = run(flagged({ [flag]: true }), [
      ['submit', dcmRoma],
      ['start_review', central],
    ]);
    const result = workflow.transition(inReview, 'approve', central, NOW);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('TRANSITION_NOT_ALLOWED');
    expect(result.error.details.map((d) => d.rule)).toEqual(['DG_EVALUATION_REQUIRED']);
    expect(result.error.allowedActions).toEqual(['refer_to_dg', 'request_changes', 'reject']);
    expect(result.error.message.it).toContain('refer_to_dg');
  });

  it('sends a flagged agreement through DG evaluation to approval', () => {
    const approved = run(flagged({ costs: true }), [
      ['submit', dcmRoma],
      ['start_review', central],
      ['refer_to_dg', central],
      ['approve', dg],
    ]);
    expect(approved.state).toBe('APPROVED');
  });

  it('does not let the central directorate approve in place of the general directorate', () => {
    const atDg = run(flagged({ itChanges: true }), [
      ['submit', dcmRoma],
      ['start_review', central],
      ['refer_to_dg', central],
    ]);
    const result = workflow.transition(atDg, 'approve', central, NOW);
    expect(!result.ok && result.error.code).toBe('FORBIDDEN');
    expect(!result.ok && result.error.allowedActions).toEqual([]);
  });

  it('refuses a referral to DG when no flag is set', () => {
    const inReview = run(draft(), [
      ['submit', dcmRoma],
      ['start_review', central],
    ]);
    const result = workflow.transition(inReview, 'refer_to_dg', central, NOW);
    expect(!result.ok && result.error.details[0].rule).toBe('DG_EVALUATION_NOT_NEEDED');
  });
});

describe('agreement workflow: changes requested and versions', () => {
  it('needs a reason to request changes, naming the field', () => {
    const inReview = run(draft(), [
      ['submit', dcmRoma],
      ['start_review', central],
    ]);
    const result = workflow.transition(inReview, { action: 'request_changes', reason: '   ' }, central, NOW);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('VALIDATION_FAILED');
    expect(result.error.details.map((d) => ({ field: d.field, issue: d.issue }))).toEqual([
      { field: 'reason', issue: { en: 'A reason is required.', it: 'Indicare la motivazione.' } },
    ]);
  });

  it('bumps the version on each resubmission, and only then', () => {
    let a = run(draft(), [['submit', dcmRoma]]);
    for (const expected of [2, 3]) {
      a = run(a, [
        ['start_review', central],
        [{ action: 'request_changes', reason: 'Specificare gli impegni del Comune' }, central],
      ]);
      expect(a.state).toBe('CHANGES_REQUESTED');
      a = run(a, [['resubmit', dcmRoma]]);
      expect(a).toMatchObject({ state: 'SUBMITTED', version: expected });
    }
  });

  it('lets the general directorate ask for changes too', () => {
    const a = run(draft({ flags: { ...NO_DG_FLAGS, dataExchange: true } }), [
      ['submit', dcmRoma],
      ['start_review', central],
      ['refer_to_dg', central],
      [{ action: 'request_changes', reason: 'Definire il flusso dati' }, dg],
      ['resubmit', dcmRoma],
    ]);
    expect(a).toMatchObject({ state: 'SUBMITTED', version: 2 });
  });
});

describe('agreement workflow: territory scoping', () => {
  it('lets the metropolitan directorate manage its city but not the regional directorate', () => {
    expect(workflow.transition(draft(), 'submit', dcmRoma, NOW).ok).toBe(true);
    const result = workflow.transition(draft(), 'submit', drLazio, NOW);
    expect(!result.ok && result.error.code).toBe('FORBIDDEN');
    expect(!result.ok && result.error.details[0].field).toBe('scope');
  });

  it('lets the regional directorate manage the rest of its region', () => {
    expect(workflow.transition(draft({ scope: [FROSINONE] }), 'submit', drLazio, NOW).ok).toBe(true);
    expect(workflow.transition(draft({ scope: [FROSINONE] }), 'submit', dcmRoma, NOW).ok).toBe(false);
  });

  it('requires every territory of the scope to be covered', () => {
    expect(workflow.transition(draft({ scope: [ROMA, FROSINONE] }), 'submit', dcmRoma, NOW).ok).toBe(false);
    expect(workflow.transition(draft({ scope: [ROMA, MILANO] }), 'submit', dcmMilano, NOW).ok).toBe(false);
  });

  it('refuses unknown codes and empty scopes', () => {
    expect(workflow.transition(draft({ scope: ['999999'] }), 'submit', dcmRoma, NOW).ok).toBe(false);
    expect(workflow.transition(draft({ scope: [] }), 'submit', dcmRoma, NOW).ok).toBe(false);
  });

  it('gives partner staff no actions at all', () => {
    for (const actor of [partnerAdmin, operator]) {
      expect(workflow.allowedActions(draft(), actor, NOW)).toEqual([]);
      const result = workflow.transition(draft(), 'submit', actor, NOW);
      expect(!result.ok && result.error.code).toBe('FORBIDDEN');
    }
  });

  it('lets partners read only agreements their organisation is party to', () => {
    expect(workflow.canView(draft(), partnerAdmin)).toBe(true);
    expect(workflow.canView(draft(), operator)).toBe(false);
    expect(workflow.canView(draft({ partyOrganisationIds: ['comune-milano'] }), operator)).toBe(true);
  });

  it('lets territorial staff read what touches their area and every framework', () => {
    expect(workflow.canView(draft(), dcmRoma)).toBe(true);
    expect(workflow.canView(draft(), dcmMilano)).toBe(false);
    expect(workflow.canView(draft({ scope: ['12'] }), dcmRoma)).toBe(true);
    expect(workflow.canView(draft({ kind: 'FRAMEWORK', scope: ['IT'] }), dcmMilano)).toBe(true);
    expect(workflow.canView(draft({ scope: [MILANO] }), central)).toBe(true);
  });
});

describe('agreement workflow: invalid transitions list the allowed ones', () => {
  it('answers an action not possible from the state with what is possible', () => {
    const submitted = run(draft(), [['submit', dcmRoma]]);
    const result = workflow.transition(submitted, 'approve', central, NOW);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error).toMatchObject({ code: 'TRANSITION_NOT_ALLOWED', state: 'SUBMITTED', action: 'approve', allowedActions: ['start_review'] });
    expect(result.error.message.en).toContain('start_review');
    expect(result.error.message.it).toContain('start_review');
  });

  it('offers the proponent withdrawal while the agreement is under review', () => {
    const submitted = run(draft(), [['submit', dcmRoma]]);
    expect(workflow.allowedActions(submitted, dcmRoma, NOW)).toEqual(['withdraw']);
    expect(workflow.allowedActions(submitted, central, NOW)).toEqual(['start_review']);
  });
});

describe('agreement workflow: signature and scheduled moves', () => {
  const approved = run(draft(), [
    ['submit', dcmRoma],
    ['start_review', central],
    ['approve', central],
  ]);

  it('needs the signing date and validity, and refuses future signatures', () => {
    const missing = workflow.transition(approved, 'sign', dcmRoma, NOW);
    expect(!missing.ok && missing.error.details.map((d) => d.field)).toEqual(['signedOn', 'validity']);
    const future = workflow.transition(approved, { ...SIGN, signedOn: '2026-03-03' }, dcmRoma, NOW);
    expect(!future.ok && future.error.details[0].rule).toBe('SIGNATURE_DATE_IN_FUTURE');
    const backwards = workflow.transition(approved, { ...SIGN, validity: { from: '2026-03-02', to: '2026-03-01' } }, dcmRoma, NOW);
    expect(!backwards.ok && backwards.error.details[0].field).toBe('validity.to');
  });

  it('activates on the first Rome day of validity, even when UTC is still on the day before', () => {
    const signed = run(approved, [[{ ...SIGN, validity: { from: '2026-04-01', to: '2027-03-31' } }, dcmRoma]]);
    const lateEvening = workflow.transition(signed, 'activate', system, at('2026-03-31T23:59:00+02:00'));
    expect(!lateEvening.ok && lateEvening.error.details[0].rule).toBe('NOT_YET_IN_FORCE');
    // 00:30 in Rome is 22:30 UTC of the previous day.
    expect(workflow.transition(signed, 'activate', system, at('2026-04-01T00:30:00+02:00')).ok).toBe(true);
  });

  it('lets only the scheduler activate and expire', () => {
    const signed = run(approved, [[SIGN, dcmRoma]]);
    const result = workflow.transition(signed, 'activate', central, NOW);
    expect(!result.ok && result.error.code).toBe('FORBIDDEN');
  });

  it('expires a signed agreement whose term ended before it was ever activated', () => {
    const signed = run(approved, [[{ ...SIGN, validity: { from: '2026-03-01', to: '2026-03-02' } }, dcmRoma]]);
    expect(run(signed, [['expire', system, at('2026-03-03T08:00:00+01:00')]]).state).toBe('EXPIRED');
  });

  it('terminates with a reason and the Rome day of termination', () => {
    const active = run(approved, [
      [SIGN, dcmRoma],
      ['activate', system],
    ]);
    expect(workflow.transition(active, 'terminate', dcmRoma, NOW).ok).toBe(false);
    const ended = run(active, [[{ action: 'terminate', reason: 'Recesso del Comune' }, dcmRoma, at('2026-06-30T23:30:00+02:00')]]);
    expect(ended).toMatchObject({ state: 'TERMINATED', terminatedOn: '2026-06-30' });
  });
});

describe('agreement workflow: framework agreements', () => {
  const framework = draft({ kind: 'FRAMEWORK', scope: ['IT'], partyOrganisationIds: ['anci', 'caritas-italiana', 'comunita-sant-egidio'] });

  it('skips the review: the central directorate records the signature', () => {
    expect(workflow.allowedActions(framework, central, NOW)).toEqual(['withdraw', 'sign']);
    const submit = workflow.transition(framework, 'submit', dcmRoma, NOW);
    expect(!submit.ok && submit.error.code).toBe('TRANSITION_NOT_ALLOWED');
    const signed = run(framework, [[{ action: 'sign', signedOn: '2024-03-14', validity: { from: '2024-03-14', to: '2027-03-14' } }, central]]);
    expect(signed.state).toBe('SIGNED');
  });

  it('cannot be terminated by a territorial structure', () => {
    const active = run(framework, [
      [{ action: 'sign', signedOn: '2024-03-14', validity: { from: '2024-03-14', to: '2027-03-14' } }, central],
      ['activate', system],
    ]);
    expect(workflow.transition(active, { action: 'terminate', reason: 'x' }, dcmRoma, NOW).ok).toBe(false);
    expect(workflow.transition(active, { action: 'terminate', reason: 'Nuovo accordo quadro' }, central, NOW).ok).toBe(true);
  });
});

describe('amendments', () => {
  const base = { id: 'a-0', state: 'ACTIVE' as AgreementState, flags: NO_DG_FLAGS, scope: [ROMA, '058047'] };

  it('needs review only when flags or scope change', () => {
    expect(amendmentReview(base, { flags: NO_DG_FLAGS, scope: ['058047', ROMA] })).toEqual({ required: false, changes: [] });
    expect(amendmentReview(base, { flags: NO_DG_FLAGS, scope: [ROMA] })).toEqual({ required: true, changes: ['SCOPE_CHANGED'] });
    expect(amendmentReview(base, { flags: { ...NO_DG_FLAGS, costs: true }, scope: base.scope })).toEqual({ required: true, changes: ['FLAGS_CHANGED'] });
    expect(amendmentReview(base, { flags: NO_DG_FLAGS, scope: [ROMA, '058047', ROMA] }).required).toBe(false);
  });

  it('goes straight to approval when nothing reviewed changes', () => {
    const amendment = draft({ id: 'a-2', scope: [ROMA, '058047'], amends: base });
    expect(run(amendment, [['submit', dcmRoma]]).state).toBe('APPROVED');
  });

  it('is reviewed again when it widens the scope or sets a flag', () => {
    expect(run(draft({ scope: [ROMA], amends: base }), [['submit', dcmRoma]]).state).toBe('SUBMITTED');
    expect(run(draft({ scope: base.scope, flags: { ...NO_DG_FLAGS, dataExchange: true }, amends: base }), [['submit', dcmRoma]]).state).toBe('SUBMITTED');
  });

  it('is reviewed when the amended agreement is not active', () => {
    const amendment = draft({ scope: base.scope, amends: { ...base, state: 'EXPIRED' } });
    expect(run(amendment, [['submit', dcmRoma]]).state).toBe('SUBMITTED');
  });
});

describe('the transition table', () => {
  it('uses only known states and actions', () => {
    for (const rule of AGREEMENT_TRANSITIONS) {
      expect(AGREEMENT_ACTIONS).toContain(rule.action);
      expect(AGREEMENT_STATES).toContain(rule.to);
      for (const from of rule.from) expect(AGREEMENT_STATES).toContain(from);
    }
  });

  it.each([['TERRITORIAL'], ['LOCAL'], ['FRAMEWORK']] as const)(
    'reaches every relevant state of a %s agreement from DRAFT and leaves none stuck',
    (kind: AgreementKind) => {
      const rules = AGREEMENT_TRANSITIONS.filter((r) => r.kinds.includes(kind));
      const reached = new Set<AgreementState>(['DRAFT']);
      let grew = true;
      while (grew) {
        grew = false;
        for (const r of rules) {
          if (r.from.some((s) => reached.has(s)) && !reached.has(r.to)) {
            reached.add(r.to);
            grew = true;
          }
        }
      }
      const expected: AgreementState[] = kind === 'FRAMEWORK' ? ['DRAFT', 'SIGNED', 'ACTIVE', 'EXPIRED', 'TERMINATED', 'WITHDRAWN'] : [...AGREEMENT_STATES];
      expect([...reached].sort()).toEqual([...expected].sort());
      for (const state of reached) {
        const leaves = rules.some((r) => r.from.includes(state));
        expect(leaves).toBe(!FINAL_AGREEMENT_STATES.includes(state));
      }
    },
  );
});

describe('agreement workflow: properties', () => {
  const actors: Actor[] = [
    central,
    dg,
    system,
    drLazio,
    dcmRoma,
    dcmMilano,
    partnerAdmin,
    operator,
    { id: 'both', roles: ['central', 'territorial'], territories: ['015'] },
  ];
  const scopes = [[ROMA], [FROSINONE], [MILANO], [ROMA, FROSINONE], ['12'], ['IT'], []];

  const arbAgreement = fc.record({
    kind: fc.constantFrom<AgreementKind>('FRAMEWORK', 'TERRITORIAL', 'LOCAL'),
    scope: fc.constantFrom(...scopes),
    flags: fc.record({ itChanges: fc.boolean(), dataExchange: fc.boolean(), costs: fc.boolean() }),
    amendsActive: fc.boolean(),
  });

  const arbStep = fc.record({
    actor: fc.constantFrom(...actors),
    action: fc.constantFrom(...AGREEMENT_ACTIONS),
    /** Most steps take an offered move, so that walks get past the first states. */
    guided: fc.integer({ min: 0, max: 3 }).map((n) => n > 0),
    pick: fc.nat(),
    withReason: fc.boolean(),
    withSignature: fc.boolean(),
    advanceDays: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 200 })),
  });

  function choose(a: WorkflowAgreement, step: { actor: Actor; action: AgreementAction; guided: boolean; pick: number }, now: Date): [Actor, AgreementAction] {
    if (!step.guided) return [step.actor, step.action];
    const offered = actors.flatMap((actor) => workflow.allowedActions(a, actor, now).map((action) => [actor, action] as [Actor, AgreementAction]));
    return offered.length > 0 ? offered[step.pick % offered.length] : [step.actor, step.action];
  }

  function command(action: AgreementAction, now: Date, withReason: boolean, withSignature: boolean): AgreementCommand {
    const today = romeDate(now);
    return {
      action,
      ...(withReason ? { reason: 'motivo' } : {}),
      ...(withSignature ? { signedOn: today, validity: { from: today, to: addDays(today, 120) } } : {}),
    };
  }

  it('only ever moves along a row of the table, never to an unknown state', () => {
    const reached = new Set<AgreementState>();
    fc.assert(
      fc.property(arbAgreement, fc.array(arbStep, { maxLength: 40 }), (spec, steps) => {
        let a: WorkflowAgreement = draft({
          kind: spec.kind,
          scope: spec.scope,
          flags: spec.flags,
          amends: spec.amendsActive ? { id: 'base', state: 'ACTIVE', flags: spec.flags, scope: spec.scope } : null,
        });
        let now = NOW;
        for (const step of steps) {
          now = new Date(now.getTime() + step.advanceDays * 86_400_000);
          const [actor, action] = choose(a, step, now);
          // Guided steps send complete commands; the others may leave out what the action needs.
          const complete = step.guided;
          const result = workflow.transition(a, command(action, now, complete || step.withReason, complete || step.withSignature), actor, now);
          if (!result.ok) {
            expect(result.error.allowedActions).toEqual(workflow.allowedActions(a, actor, now));
            // An action on offer can only fail for what the caller left out.
            if (result.error.allowedActions.includes(action)) expect(result.error.code).toBe('VALIDATION_FAILED');
            continue;
          }
          const next = result.value.agreement;
          reached.add(next.state);
          expect(AGREEMENT_STATES).toContain(next.state);
          const row = AGREEMENT_TRANSITIONS.find((r) => r.action === action && r.from.includes(a.state) && r.to === next.state && r.kinds.includes(a.kind));
          expect(row).toBeDefined();
          expect(actor.roles.some((role) => row?.roles.includes(role))).toBe(true);
          expect(next.version).toBe(a.version + (action === 'resubmit' ? 1 : 0));
          a = next;
        }
      }),
      // Enough walks that one reaches every state (DG evaluation is the rarest: about 1 walk in 200), so
      // the coverage check below does not fail by chance; still about a second.
      { numRuns: 2000 },
    );
    // The walks must have explored the whole workflow for the property to mean anything.
    expect([...reached].sort()).toEqual([...AGREEMENT_STATES].filter((s) => s !== 'DRAFT').sort());
  });

  it('performs every action it offers, given a complete command', () => {
    fc.assert(
      fc.property(arbAgreement, fc.array(arbStep, { maxLength: 30 }), fc.constantFrom(...actors), (spec, steps, probe) => {
        let a: WorkflowAgreement = draft({ kind: spec.kind, scope: spec.scope, flags: spec.flags });
        let now = NOW;
        for (const step of steps) {
          now = new Date(now.getTime() + step.advanceDays * 86_400_000);
          const [actor, action] = choose(a, step, now);
          const result = workflow.transition(a, command(action, now, true, true), actor, now);
          if (result.ok) a = result.value.agreement;
          for (const offered of workflow.allowedActions(a, probe, now)) {
            const tried = workflow.transition(a, command(offered, now, true, true), probe, now);
            expect(tried.ok).toBe(true);
          }
          if (FINAL_AGREEMENT_STATES.includes(a.state)) expect(workflow.allowedActions(a, probe, now)).toEqual([]);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('never lets a territorial user act on territory outside their competence', () => {
    fc.assert(
      fc.property(fc.constantFrom(...scopes), fc.constantFrom(drLazio, dcmRoma, dcmMilano), fc.constantFrom(...AGREEMENT_ACTIONS), (scope, actor, action) => {
        const covered =
          scope.length > 0 &&
          scope.every((code) => {
            const line = [code, ...(hierarchy.ancestorCodes(code) ?? ['?'])];
            return line.some((c) => actor.territories?.includes(c)) && !line.some((c) => actor.excludedTerritories?.includes(c));
          });
        for (const state of AGREEMENT_STATES) {
          const result = workflow.transition(draft({ state, scope }), command(action, NOW, true, true), actor, NOW);
          if (result.ok) expect(covered).toBe(true);
        }
      }),
    );
  });
});

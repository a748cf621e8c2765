import type { Role } from '@inps/kernel';
import { allowedActions, isReturnEditable, ReturnAction, ReturnStatus, returnTimeliness, transitionReturn } from './return-workflow';

const partner = { roles: ['partner_admin'] as Role[] };
const central = { roles: ['central'] as Role[] };
const territorial = { roles: ['territorial'] as Role[] };

describe('return workflow', () => {
  it('follows DRAFT → SUBMITTED → ACCEPTED', () => {
    expect(transitionReturn('DRAFT', 'submit', partner)).toMatchObject({ ok: true, to: 'SUBMITTED', audit: false });
    expect(transitionReturn('SUBMITTED', 'accept', territorial)).toMatchObject({ ok: true, to: 'ACCEPTED' });
  });

  it('returns with a comment, and the partner resubmits', () => {
    expect(transitionReturn('SUBMITTED', 'return', central, '  ')).toMatchObject({ ok: false, code: 'COMMENT_REQUIRED' });
    expect(transitionReturn('SUBMITTED', 'return', central, 'Età non coerenti')).toEqual({
      ok: true,
      from: 'SUBMITTED',
      to: 'RETURNED',
      audit: false,
      comment: 'Età non coerenti',
    });
    expect(transitionReturn('RETURNED', 'submit', { roles: ['partner_app'] })).toMatchObject({ ok: true, to: 'SUBMITTED' });
  });

  it('locks an accepted return: only central reopens it, with a reason, audited', () => {
    expect(transitionReturn('ACCEPTED', 'submit', partner)).toMatchObject({ ok: false, code: 'INVALID_TRANSITION' });
    expect(transitionReturn('ACCEPTED', 'reopen', territorial, 'errore')).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(transitionReturn('ACCEPTED', 'reopen', central)).toMatchObject({ ok: false, code: 'COMMENT_REQUIRED' });
    expect(transitionReturn('ACCEPTED', 'reopen', central, 'Dati di Rieti da correggere')).toMatchObject({ ok: true, to: 'RETURNED', audit: true });
    expect(isReturnEditable('ACCEPTED')).toBe(false);
    expect(isReturnEditable('RETURNED')).toBe(true);
  });

  it('refuses partners accepting their own return and operators submitting', () => {
    expect(transitionReturn('SUBMITTED', 'accept', partner)).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(transitionReturn('DRAFT', 'submit', { roles: ['operator'] })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
  });

  it('every status × action × role combination is decided by the table only', () => {
    const statuses: ReturnStatus[] = ['DRAFT', 'SUBMITTED', 'ACCEPTED', 'RETURNED'];
    const actions: ReturnAction[] = ['submit', 'accept', 'return', 'reopen'];
    const roles: Role[] = ['central', 'dg', 'territorial', 'partner_admin', 'operator', 'partner_app'];
    let allowed = 0;
    for (const status of statuses) {
      for (const action of actions) {
        for (const role of roles) {
          const outcome = transitionReturn(status, action, { roles: [role] }, 'motivo');
          if (outcome.ok) {
            allowed += 1;
            expect(allowedActions(status, [role])).toContain(action);
          }
        }
      }
    }
    // submit ×2 statuses ×2 roles + accept ×2 + return ×2 + reopen ×1
    expect(allowed).toBe(9);
    expect(allowedActions('ACCEPTED')).toEqual(['reopen']);
  });
});

describe('timeliness', () => {
  it('counts the first submission against the due date', () => {
    expect(returnTimeliness('2026S1', new Date('2026-07-20T10:00:00Z'), new Date('2026-09-01T00:00:00Z'), 30)).toBe('ON_TIME');
    expect(returnTimeliness('2026S1', new Date('2026-08-02T10:00:00Z'), new Date('2026-09-01T00:00:00Z'), 30)).toBe('LATE');
    expect(returnTimeliness('2026S1', null, new Date('2026-05-01T00:00:00Z'), 30)).toBe('NOT_DUE');
    expect(returnTimeliness('2026S1', null, new Date('2026-07-15T00:00:00Z'), 30)).toBe('NOT_DUE');
    expect(returnTimeliness('2026S1', null, new Date('2026-08-01T00:00:00Z'), 30)).toBe('MISSING');
  });
});

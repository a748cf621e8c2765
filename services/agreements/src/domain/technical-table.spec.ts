import {
  canManageTable,
  issueAllowedActions,
  meetingAllowedActions,
  technicalTableAllowedActions,
  transitionIssue,
  transitionMeeting,
  transitionTechnicalTable,
  type TableScope,
} from './technical-table';
import { at, central, dcmMilano, dcmRoma, dg, drLazio, hierarchy, partnerAdmin, ROMA } from './testing';

const localRoma: TableScope = { level: 'LOCAL', territoryCode: ROMA, status: 'ACTIVE' };
const national: TableScope = { level: 'CENTRAL', territoryCode: null, status: 'ACTIVE' };

describe('technical tables', () => {
  it('lets central manage every table and territorial staff only local tables they cover', () => {
    expect(canManageTable(central, national, hierarchy)).toBe(true);
    expect(canManageTable(central, localRoma, hierarchy)).toBe(true);
    expect(canManageTable(dcmRoma, localRoma, hierarchy)).toBe(true);
    expect(canManageTable(dcmRoma, national, hierarchy)).toBe(false);
    // DR Lazio's coverage excludes the metropolitan city, which DCM Roma manages.
    expect(canManageTable(drLazio, localRoma, hierarchy)).toBe(false);
    expect(canManageTable(dcmMilano, localRoma, hierarchy)).toBe(false);
    expect(canManageTable(dg, national, hierarchy)).toBe(false);
    expect(canManageTable(partnerAdmin, localRoma, hierarchy)).toBe(false);
  });

  it('closes and reopens, offering only what applies', () => {
    expect(technicalTableAllowedActions(localRoma, dcmRoma, hierarchy)).toEqual(['close']);
    expect(technicalTableAllowedActions(national, dcmRoma, hierarchy)).toEqual([]);
    expect(transitionTechnicalTable(localRoma, 'close', dcmRoma, hierarchy)).toEqual({ ok: true, value: 'CLOSED' });
    const twice = transitionTechnicalTable({ ...localRoma, status: 'CLOSED' }, 'close', dcmRoma, hierarchy);
    expect(twice).toMatchObject({ ok: false, error: { code: 'TRANSITION_NOT_ALLOWED', allowedActions: ['reopen'] } });
    expect(transitionTechnicalTable(national, 'close', dcmRoma, hierarchy)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  it('records a meeting held only once it started and with minutes; cancelling needs a reason', () => {
    const meeting = { status: 'PLANNED' as const, startsAt: at('2026-03-10T10:00:00+01:00') };
    const before = at('2026-03-10T09:59:00+01:00');
    const after = at('2026-03-10T12:00:00+01:00');
    expect(meetingAllowedActions(meeting, localRoma, dcmRoma, before, hierarchy)).toEqual(['cancel']);
    expect(meetingAllowedActions(meeting, localRoma, dcmRoma, after, hierarchy)).toEqual(['mark_held', 'cancel']);
    expect(transitionMeeting(meeting, localRoma, { action: 'mark_held', minutesDocumentId: 'd' }, dcmRoma, before, hierarchy)).toMatchObject({
      ok: false,
      error: { code: 'TRANSITION_NOT_ALLOWED', details: [{ field: 'startsAt' }] },
    });
    expect(transitionMeeting(meeting, localRoma, { action: 'mark_held' }, dcmRoma, after, hierarchy)).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION_FAILED', details: [{ field: 'minutesDocumentId' }] },
    });
    expect(transitionMeeting(meeting, localRoma, { action: 'mark_held', minutesDocumentId: 'd' }, dcmRoma, after, hierarchy)).toEqual({
      ok: true,
      value: 'HELD',
    });
    expect(transitionMeeting(meeting, localRoma, { action: 'cancel' }, dcmRoma, before, hierarchy)).toMatchObject({
      ok: false,
      error: { details: [{ field: 'reason' }] },
    });
    expect(transitionMeeting(meeting, localRoma, { action: 'cancel', reason: 'sciopero' }, dcmMilano, before, hierarchy)).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    const held = { ...meeting, status: 'HELD' as const };
    expect(transitionMeeting(held, localRoma, { action: 'cancel', reason: 'x' }, central, after, hierarchy)).toMatchObject({
      ok: false,
      error: { code: 'TRANSITION_NOT_ALLOWED' },
    });
  });

  it('escalates only local issues, and only central resolves an escalated one', () => {
    expect(issueAllowedActions('OPEN', localRoma, dcmRoma, hierarchy)).toEqual(['resolve', 'escalate']);
    expect(issueAllowedActions('OPEN', national, central, hierarchy)).toEqual(['resolve']);
    expect(issueAllowedActions('ESCALATED', localRoma, dcmRoma, hierarchy)).toEqual([]);
    expect(issueAllowedActions('ESCALATED', localRoma, central, hierarchy)).toEqual(['resolve']);
    expect(transitionIssue('OPEN', localRoma, { action: 'escalate' }, dcmRoma, hierarchy)).toMatchObject({
      ok: false,
      error: { details: [{ field: 'centralTableId' }] },
    });
    expect(transitionIssue('OPEN', localRoma, { action: 'escalate', centralTableId: 'c' }, dcmRoma, hierarchy)).toEqual({ ok: true, value: 'ESCALATED' });
    expect(transitionIssue('OPEN', national, { action: 'escalate', centralTableId: 'c' }, central, hierarchy)).toMatchObject({
      ok: false,
      error: { code: 'TRANSITION_NOT_ALLOWED', details: [{ field: 'level' }] },
    });
    expect(transitionIssue('ESCALATED', localRoma, { action: 'resolve', note: 'ok' }, dcmRoma, hierarchy)).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    expect(transitionIssue('ESCALATED', localRoma, { action: 'resolve', note: 'ok' }, central, hierarchy)).toEqual({ ok: true, value: 'RESOLVED' });
    expect(transitionIssue('OPEN', localRoma, { action: 'resolve' }, dcmRoma, hierarchy)).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION_FAILED', details: [{ field: 'note' }] },
    });
    expect(transitionIssue('OPEN', national, { action: 'resolve', note: 'ok' }, dcmRoma, hierarchy)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });
});

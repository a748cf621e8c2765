import type { MobileUnitRequest } from './mobile-unit-request';
import { fileMobileUnitRequest, mobileUnitAllowedActions, transitionMobileUnitRequest } from './mobile-unit-request';
import { at, central, dcmMilano, dcmRoma, drLazio, hierarchy, partnerAdmin, ROMA } from './testing';

const EVENT = at('2026-06-20T10:00:00+02:00');
const input = {
  id: 'm-1',
  eventId: 'e-1',
  territoryCode: ROMA,
  eventStartsAt: EVENT,
  availableSpace: 'Piazzale di 200 m², presa elettrica',
  stationKind: 'CAMPER',
};

function filed(): MobileUnitRequest {
  const result = fileMobileUnitRequest(input, dcmRoma, at('2026-06-01T09:00:00+02:00'), hierarchy);
  if (!result.ok) throw new Error(result.error.message.en);
  return result.value;
}

describe('mobile-unit requests', () => {
  it('files a timely request from the competent directorate', () => {
    expect(filed()).toMatchObject({ status: 'REQUESTED', requestedBy: 'u-dcm-roma', leadTimeDays: 19, leadTimeOverride: null, assignedUnit: null });
  });

  it('refuses a late request, a request from another area, and one without the space description', () => {
    const late = fileMobileUnitRequest(input, dcmRoma, at('2026-06-10T09:00:00+02:00'), hierarchy);
    expect(!late.ok && late.error.details[0]).toMatchObject({ field: 'eventDate', rule: 'MOBILE_UNIT_LEAD_TIME' });
    for (const actor of [dcmMilano, drLazio, partnerAdmin]) {
      const other = fileMobileUnitRequest(input, actor, at('2026-06-01T09:00:00+02:00'), hierarchy);
      expect(!other.ok && other.error.code).toBe('FORBIDDEN');
    }
    const noSpace = fileMobileUnitRequest({ ...input, availableSpace: '  ' }, dcmRoma, at('2026-06-01T09:00:00+02:00'), hierarchy);
    expect(!noSpace.ok && noSpace.error.details[0].field).toBe('availableSpace');
    const noKind = fileMobileUnitRequest({ ...input, stationKind: 'BUS' }, dcmRoma, at('2026-06-01T09:00:00+02:00'), hierarchy);
    expect(!noKind.ok && noKind.error.details.map((d) => [d.field, d.rule])).toEqual([['stationKind', 'STATION_KIND_REQUIRED']]);
  });

  it('records a central override of the lead time', () => {
    const result = fileMobileUnitRequest({ ...input, override: { reason: 'Emergenza caldo' } }, central, at('2026-06-12T09:00:00+02:00'), hierarchy);
    expect(result.ok && result.value.leadTimeOverride).toMatchObject({ actorId: 'u-central', reason: 'Emergenza caldo', daysAhead: 8 });
  });

  it('goes REQUESTED → APPROVED → ASSIGNED → FULFILLED', () => {
    const now = at('2026-06-02T09:00:00+02:00');
    const approved = transitionMobileUnitRequest(filed(), { action: 'approve' }, central, now, hierarchy);
    expect(approved.ok && approved.value.status).toBe('APPROVED');
    if (!approved.ok) return;
    const noUnit = transitionMobileUnitRequest(approved.value, { action: 'assign' }, central, now, hierarchy);
    expect(!noUnit.ok && noUnit.error.details[0].field).toBe('unit');
    const assigned = transitionMobileUnitRequest(approved.value, { action: 'assign', unit: 'Camper INPS 3' }, central, now, hierarchy);
    expect(assigned.ok && assigned.value).toMatchObject({ status: 'ASSIGNED', assignedUnit: 'Camper INPS 3' });
    if (!assigned.ok) return;
    const early = transitionMobileUnitRequest(assigned.value, { action: 'fulfil' }, dcmRoma, now, hierarchy);
    expect(!early.ok && early.error.details[0].rule).toBe('EVENT_NOT_STARTED');
    const done = transitionMobileUnitRequest(assigned.value, { action: 'fulfil' }, dcmRoma, EVENT, hierarchy);
    expect(done.ok && done.value.status).toBe('FULFILLED');
    if (done.ok) expect(mobileUnitAllowedActions(done.value, central, EVENT, hierarchy)).toEqual([]);
  });

  it('lets only the central directorate approve, and the requester cancel with a reason', () => {
    const now = at('2026-06-02T09:00:00+02:00');
    const self = transitionMobileUnitRequest(filed(), { action: 'approve' }, dcmRoma, now, hierarchy);
    expect(!self.ok && self.error.allowedActions).toEqual(['cancel']);
    expect(transitionMobileUnitRequest(filed(), { action: 'cancel' }, dcmRoma, now, hierarchy).ok).toBe(false);
    const cancelled = transitionMobileUnitRequest(filed(), { action: 'cancel', reason: 'Evento rinviato' }, dcmRoma, now, hierarchy);
    expect(cancelled.ok && cancelled.value).toMatchObject({ status: 'CANCELLED', closingReason: 'Evento rinviato' });
    const foreign = transitionMobileUnitRequest(filed(), { action: 'cancel', reason: 'x' }, dcmMilano, now, hierarchy);
    expect(!foreign.ok && foreign.error.code).toBe('FORBIDDEN');
    const rejected = transitionMobileUnitRequest(filed(), { action: 'reject', reason: 'Nessuna unità disponibile' }, central, now, hierarchy);
    expect(rejected.ok && rejected.value.status).toBe('REJECTED');
  });
});

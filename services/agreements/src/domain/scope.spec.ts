import type { Actor } from './actor';
import { belongsTo, canSeeLocal, hasCompetence, hasCompetenceForAll, isNationalActor, reachesTerritory } from './scope';
import { canSeeTable } from './technical-table';
import { central, dcmMilano, dcmRoma, dg, drLazio, FIUMICINO, FROSINONE, hierarchy, MILANO, operator, partnerAdmin, ROMA, system } from './testing';

const partnerApp: Actor = { id: 'app', roles: ['partner_app'], organisationId: 'caritas-roma' };

describe('scope', () => {
  it('gives national reach to central, dg and the scheduler only', () => {
    expect([central, dg, system, drLazio, partnerAdmin].map(isNationalActor)).toEqual([true, true, true, false, false]);
  });

  it('counts competence only for territorial units, with their excluded areas', () => {
    expect(hasCompetence(dcmRoma, ROMA, hierarchy)).toBe(true);
    expect(hasCompetence(drLazio, ROMA, hierarchy)).toBe(false); // Rome belongs to its metropolitan directorate
    expect(hasCompetence(drLazio, FROSINONE, hierarchy)).toBe(true);
    expect(hasCompetence(central, ROMA, hierarchy)).toBe(false); // reach is not competence
    expect(hasCompetence({ ...partnerAdmin, territories: ['12'] }, FROSINONE, hierarchy)).toBe(false);
    expect(hasCompetenceForAll(dcmRoma, [ROMA, FIUMICINO], hierarchy)).toBe(true);
    expect(hasCompetenceForAll(dcmRoma, [ROMA, MILANO], hierarchy)).toBe(false);
    expect(hasCompetenceForAll(dcmRoma, [], hierarchy)).toBe(false);
  });

  it('reaches a territory nationally or by competence', () => {
    expect([central, system, dcmRoma, dcmMilano, partnerAdmin].map((a) => reachesTerritory(a, ROMA, hierarchy))).toEqual([true, true, true, false, false]);
  });

  it('counts membership of an organisation only for the organisation itself', () => {
    expect(belongsTo(partnerAdmin, 'caritas-roma')).toBe(true);
    expect(belongsTo(partnerAdmin, 'comune-milano')).toBe(false);
    expect(belongsTo(central, 'caritas-roma')).toBe(false);
    expect(belongsTo(partnerAdmin, null)).toBe(false);
  });

  it('shows a local record to national staff, the competent unit and the partner’s staff, not its apps', () => {
    const who = [central, dg, system, dcmRoma, drLazio, partnerAdmin, operator, partnerApp];
    expect(who.map((a) => canSeeLocal(a, ROMA, 'caritas-roma', hierarchy))).toEqual([true, true, true, true, false, true, false, false]);
    expect(canSeeLocal(partnerAdmin, ROMA, null, hierarchy)).toBe(false);
  });

  it('shows a table to national staff, the competent unit, every territorial unit for central tables, and member organisations', () => {
    const local = { level: 'LOCAL' as const, territoryCode: ROMA };
    const national = { level: 'CENTRAL' as const, territoryCode: null };
    expect([central, system, dcmRoma, dcmMilano].map((a) => canSeeTable(a, local, [], hierarchy))).toEqual([true, true, true, false]);
    expect(canSeeTable(dcmMilano, national, [], hierarchy)).toBe(true);
    expect(canSeeTable(partnerAdmin, local, ['caritas-roma'], hierarchy)).toBe(true);
    expect(canSeeTable(partnerAdmin, local, ['anci'], hierarchy)).toBe(false);
    expect(canSeeTable(partnerApp, local, ['caritas-roma'], hierarchy)).toBe(false);
  });
});

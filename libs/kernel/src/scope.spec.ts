import { coverageOf, covers, coversAll, inOrganisation, inTerritory, isNational, touches, type TerritoryHierarchy } from './scope';

const hierarchy: TerritoryHierarchy = {
  ancestorCodes: (code) =>
    ({ IT: [], '12': ['IT'], '058': ['12', 'IT'], '058091': ['058', '12', 'IT'], '056': ['12', 'IT'], '15': ['IT'], '063049': ['063', '15', 'IT'] })[code],
};

describe('scope', () => {
  const central = { roles: ['central'] };
  const lazio = { roles: ['territorial'], territories: ['12'], excludedTerritories: ['058'] };
  const rome = { roles: ['territorial'], territories: ['058'] };
  const operator = { roles: ['operator'], organisationId: 'caritas-roma' };

  it('lets national roles through everything', () => {
    expect(isNational(central)).toBe(true);
    expect(inOrganisation(central, 'sant-egidio')).toBe(true);
    expect(inTerritory(central, '063049', hierarchy)).toBe(true);
  });

  it('keeps a partner to its own organisation', () => {
    expect(isNational(operator)).toBe(false);
    expect(inOrganisation(operator, 'caritas-roma')).toBe(true);
    expect(inOrganisation(operator, 'caritas-milano')).toBe(false);
    expect(inOrganisation(operator, null)).toBe(false);
    expect(inOrganisation({ roles: ['operator'] }, undefined)).toBe(false);
    expect(inTerritory(operator, '058091', hierarchy)).toBe(false);
  });

  it('keeps territorial staff to their territories, less what another unit manages', () => {
    expect(inTerritory(lazio, '056', hierarchy)).toBe(true);
    expect(inTerritory(lazio, '058091', hierarchy)).toBe(false);
    expect(inTerritory(rome, '058091', hierarchy)).toBe(true);
    expect(inTerritory(rome, '063049', hierarchy)).toBe(false);
    expect(covers(coverageOf(rome), 'unknown', hierarchy)).toBe(false);
  });

  it('covers all of a list only when the list is not empty', () => {
    expect(coversAll(coverageOf(rome), ['058', '058091'], hierarchy)).toBe(true);
    expect(coversAll(coverageOf(rome), ['058', '056'], hierarchy)).toBe(false);
    expect(coversAll(coverageOf(rome), [], hierarchy)).toBe(false);
  });

  it('sees a region-wide territory from a unit inside it', () => {
    expect(touches(coverageOf(rome), '12', hierarchy)).toBe(true);
    expect(touches(coverageOf(rome), '15', hierarchy)).toBe(false);
  });
});

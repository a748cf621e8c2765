import { ForbiddenError } from '../errors/app-error';
import { assertOrganisation, assertTerritory } from './auth.assertions';
import type { TerritoryHierarchy } from '@inps/kernel';
import type { Principal } from './principal';

const hierarchy: TerritoryHierarchy = {
  ancestorCodes: (code) =>
    ({ IT: [], '12': ['IT'], '058': ['12', 'IT'], '058091': ['058', '12', 'IT'], '03': ['IT'], '015': ['03', 'IT'], '015146': ['015', '03', 'IT'] })[code],
};

const principal = (p: Partial<Principal>): Principal => ({ subject: 's', roles: [], territories: [], clientType: 'user', ...p });

describe('assertOrganisation', () => {
  it('lets a partner reach only its own organisation', () => {
    const operator = principal({ roles: ['operator'], organisationId: 'caritas' });
    expect(() => assertOrganisation(operator, 'caritas')).not.toThrow();
    expect(() => assertOrganisation(operator, 'santegidio')).toThrow(ForbiddenError);
    expect(() => assertOrganisation(principal({ roles: ['partner_admin'] }), 'caritas')).toThrow(ForbiddenError);
  });

  it('lets the national roles through and refuses the anonymous', () => {
    expect(() => assertOrganisation(principal({ roles: ['central'] }), 'caritas')).not.toThrow();
    expect(() => assertOrganisation(principal({ roles: ['dg'] }), 'caritas')).not.toThrow();
    expect(() => assertOrganisation(principal({ roles: ['territorial'], territories: ['12'] }), 'caritas')).toThrow(ForbiddenError);
    expect(() => assertOrganisation(null, 'caritas')).toThrow(ForbiddenError);
    expect(() => assertOrganisation(principal({ roles: ['central'] }), 'caritas', { nationalRoles: [] })).toThrow(ForbiddenError);
  });
});

describe('assertTerritory', () => {
  const lazio = principal({ roles: ['territorial'], territories: ['12'] });

  it('covers a territory listed directly or through an ancestor', () => {
    expect(() => assertTerritory(lazio, '12', hierarchy)).not.toThrow();
    expect(() => assertTerritory(lazio, '058091', hierarchy)).not.toThrow();
    expect(() => assertTerritory(lazio, '015146', hierarchy)).toThrow(ForbiddenError);
    expect(() => assertTerritory(lazio, 'unknown', hierarchy)).toThrow(ForbiddenError);
  });

  it('lets national scope through', () => {
    expect(() => assertTerritory(principal({ roles: ['territorial'], territories: ['IT'] }), '015146', hierarchy)).not.toThrow();
    expect(() => assertTerritory(principal({ roles: ['central'] }), '015146', hierarchy)).not.toThrow();
    expect(() => assertTerritory(principal({ roles: ['operator'], organisationId: 'caritas', territories: ['IT'] }), '015146', hierarchy)).toThrow(
      ForbiddenError,
    );
    expect(() => assertTerritory(null, '12', hierarchy)).toThrow(ForbiddenError);
  });
});

import { ForbiddenError } from '../errors/app-error';
import { assertOrganisation, assertTerritory } from './auth.assertions';
import type { Principal } from './principal';

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
    expect(() => assertTerritory(lazio, '12')).not.toThrow();
    expect(() => assertTerritory(lazio, '058091', ['058', '12'])).not.toThrow();
    expect(() => assertTerritory(lazio, '015146', ['015', '03'])).toThrow(ForbiddenError);
    expect(() => assertTerritory(lazio, '058091')).toThrow(ForbiddenError);
  });

  it('lets national scope through', () => {
    expect(() => assertTerritory(principal({ roles: ['territorial'], territories: ['IT'] }), '015146')).not.toThrow();
    expect(() => assertTerritory(principal({ roles: ['central'] }), '015146')).not.toThrow();
    expect(() => assertTerritory(null, '12')).toThrow(ForbiddenError);
  });
});

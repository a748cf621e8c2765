import type { Principal } from '@inps/shared';
import type { TerritoryDirectory } from '../modules/territories/territory-directory';
import { organisationOf, reaches, scopeOf } from './access';

const ANCESTORS: Record<string, string[]> = { '058091': ['058', '12', 'IT'], '058': ['12', 'IT'], '12': ['IT'], '015146': ['015', '03', 'IT'], IT: [] };
const territories: TerritoryDirectory = {
  ancestorsOf: (code) => ANCESTORS[code] ?? null,
  nameOf: () => null,
  levelOf: () => null,
  childrenOf: () => [],
};

function principal(p: Partial<Principal>): Principal {
  return { subject: 's', roles: [], territories: [], clientType: 'user', ...p };
}

describe('scopeOf', () => {
  it('gives central and dg, and a territorial unit covering IT, the national view', () => {
    expect(scopeOf(principal({ roles: ['central'] }))).toEqual({ kind: 'national' });
    expect(scopeOf(principal({ roles: ['dg'], organisationId: 'org-a' }))).toEqual({ kind: 'national' });
    expect(scopeOf(principal({ roles: ['territorial'], territories: ['IT'] }))).toEqual({ kind: 'national' });
  });

  it('gives territorial users their territories and partners their organisation', () => {
    expect(scopeOf(principal({ roles: ['territorial'], territories: ['12'] }))).toEqual({ kind: 'territorial', coverage: { include: ['12'], exclude: [] } });
    expect(scopeOf(principal({ roles: ['operator'], organisationId: 'org-a' }))).toEqual({ kind: 'partner', organisationId: 'org-a' });
  });

  it('refuses a missing token and a token naming neither an organisation nor a territory', () => {
    expect(() => scopeOf(null)).toThrow('A token is required');
    expect(() => scopeOf(principal({ roles: ['operator'] }))).toThrow('names no organisation and no territory');
  });
});

describe('reaches', () => {
  const lazio = scopeOf(principal({ roles: ['territorial'], territories: ['12'] }));

  it('lets a territorial scope reach what lies inside its territories, through the hierarchy', () => {
    expect(reaches(lazio, '058091', territories)).toBe(true);
    expect(reaches(lazio, '12', territories)).toBe(true);
    expect(reaches(lazio, '015146', territories)).toBe(false);
    expect(reaches(lazio, 'IT', territories)).toBe(false);
  });

  it('never reaches an unknown or missing territory, except from the national view', () => {
    expect(reaches(lazio, '999999', territories)).toBe(false);
    expect(reaches(lazio, null, territories)).toBe(false);
    expect(reaches({ kind: 'national' }, '999999', territories)).toBe(true);
  });

  it('never lets partners reach territories (they see by organisation)', () => {
    expect(reaches({ kind: 'partner', organisationId: 'org-a' }, '058091', territories)).toBe(false);
  });
});

describe('organisationOf', () => {
  it("is the caller's organisation, refused when the token names none", () => {
    expect(organisationOf(principal({ roles: ['operator'], organisationId: 'org-a' }))).toBe('org-a');
    expect(() => organisationOf(principal({ roles: ['central'] }))).toThrow('Only a partner organisation');
  });
});

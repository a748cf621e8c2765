import { isRole, NATIONAL_ROLES, PARTNER_ROLES, ROLES } from './roles';

describe('roles', () => {
  it('accepts the programme roles only', () => {
    expect(ROLES.every(isRole)).toBe(true);
    expect(['system', 'admin', 'CENTRAL', '', undefined].some(isRole)).toBe(false);
  });

  it('splits national from partner roles', () => {
    expect(NATIONAL_ROLES.some((r) => PARTNER_ROLES.includes(r))).toBe(false);
  });
});

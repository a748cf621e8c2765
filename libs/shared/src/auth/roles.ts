/**
 * Who may act (DESIGN.md §7). Anonymous callers (self-assessment) have no principal at all.
 * - central: central directorate; dg: general directorate evaluators (national scope)
 * - territorial: regional or metropolitan directorate, scoped to its territories
 * - partner_admin, operator: partner staff, scoped to their organisation
 * - partner_app: a partner's machine client, scoped to its organisation
 */
export const ROLES = ['central', 'dg', 'territorial', 'partner_admin', 'operator', 'partner_app'] as const;
export type Role = (typeof ROLES)[number];

/** Roles that see every organisation and territory. */
export const NATIONAL_ROLES: readonly Role[] = ['central', 'dg'];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

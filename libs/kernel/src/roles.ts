/**
 * Who may act (docs/architecture.md §7). Anonymous callers (self-assessment) have no role at all.
 * - central: the central directorate; dg: the general directorate's evaluators (national scope)
 * - territorial: a regional or metropolitan directorate, scoped to its territories
 * - partner_admin, operator: a partner's staff, scoped to their organisation
 * - partner_app: a partner's machine client, scoped to its organisation
 */
export const ROLES = ['central', 'dg', 'territorial', 'partner_admin', 'operator', 'partner_app'] as const;
export type Role = (typeof ROLES)[number];

/** Roles that see every organisation and territory. */
export const NATIONAL_ROLES: readonly Role[] = ['central', 'dg'];

/** Roles that act for one partner organisation. */
export const PARTNER_ROLES: readonly Role[] = ['partner_admin', 'operator', 'partner_app'];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

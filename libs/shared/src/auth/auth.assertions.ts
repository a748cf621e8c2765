import { ForbiddenError } from '../errors/app-error';
import type { Principal } from './principal';
import { NATIONAL_ROLES, type Role } from './roles';

export interface ScopeOptions {
  /** Roles that pass whatever the organisation or territory (default: central, dg). */
  readonly nationalRoles?: readonly Role[];
}

function isNational(principal: Principal, options: ScopeOptions): boolean {
  const national = options.nationalRoles ?? NATIONAL_ROLES;
  return principal.roles.some((r) => national.includes(r));
}

/** Partner A never sees partner B's data: throws 403 unless the caller belongs to `organisationId`. */
export function assertOrganisation(principal: Principal | null, organisationId: string, options: ScopeOptions = {}): asserts principal is Principal {
  if (!principal) throw new ForbiddenError('This belongs to an organisation');
  if (isNational(principal, options)) return;
  if (principal.organisationId === undefined || principal.organisationId !== organisationId) {
    throw new ForbiddenError('This belongs to another organisation');
  }
}

/**
 * Throws 403 unless the caller's territories cover `istatCode`. ISTAT codes are not prefixes of
 * one another across levels (region 12, province 058, comune 058091), so the caller passes the
 * territory's ancestors; `IT` covers everything.
 */
export function assertTerritory(
  principal: Principal | null,
  istatCode: string,
  ancestors: readonly string[] = [],
  options: ScopeOptions = {},
): asserts principal is Principal {
  if (!principal) throw new ForbiddenError('This belongs to a territory');
  if (isNational(principal, options)) return;
  const covered = new Set(principal.territories);
  if (covered.has('IT') || covered.has(istatCode) || ancestors.some((a) => covered.has(a))) return;
  throw new ForbiddenError('This territory is outside your competence');
}

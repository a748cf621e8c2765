import { inOrganisation, inTerritory, NATIONAL_ROLES, type Role, type TerritoryHierarchy } from '@inps/kernel';
import { ForbiddenError } from '../errors/app-error';
import type { Principal } from './principal';

export interface ScopeOptions {
  /** Roles that pass whatever the organisation or territory (default: central, dg). */
  readonly nationalRoles?: readonly Role[];
}

/** Partner A never sees partner B's data: throws 403 unless the caller belongs to `organisationId`. */
export function assertOrganisation(principal: Principal | null, organisationId: string, options: ScopeOptions = {}): asserts principal is Principal {
  if (!principal) throw new ForbiddenError('This belongs to an organisation');
  if (!inOrganisation(principal, organisationId, options.nationalRoles ?? NATIONAL_ROLES)) {
    throw new ForbiddenError('This belongs to another organisation');
  }
}

/** Throws 403 unless the caller is national or its territories cover `istatCode` (directly or through an ancestor). */
export function assertTerritory(
  principal: Principal | null,
  istatCode: string,
  hierarchy: TerritoryHierarchy,
  options: ScopeOptions = {},
): asserts principal is Principal {
  if (!principal) throw new ForbiddenError('This belongs to a territory');
  if (!inTerritory(principal, istatCode, hierarchy, options.nationalRoles ?? NATIONAL_ROLES)) {
    throw new ForbiddenError('This territory is outside your competence');
  }
}

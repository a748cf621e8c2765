import { coverageOf, covers, isNational, NATIONAL_CODE, type Coverage } from '@inps/kernel';
import { ForbiddenError, type Principal } from '@inps/shared';
import { asHierarchy, type TerritoryDirectory } from '../modules/territories/territory-directory';

/**
 * Which view of monitoring a caller gets: central and dg (and a territorial unit covering `IT`) the
 * national one; territorial users their territories; partners (partner_admin, operator,
 * partner_app) their own organisation's data and territorial figures with small counts suppressed.
 * The answers come from @inps/kernel's scope functions; this only names the three views.
 */
export type Scope =
  { readonly kind: 'national' } | { readonly kind: 'territorial'; readonly coverage: Coverage } | { readonly kind: 'partner'; readonly organisationId: string };

export function scopeOf(principal: Principal | null): Scope {
  if (!principal) throw new ForbiddenError('A token is required');
  if (isNational(principal)) return { kind: 'national' };
  if (principal.roles.includes('territorial')) {
    if (principal.territories.includes(NATIONAL_CODE)) return { kind: 'national' };
    return { kind: 'territorial', coverage: coverageOf(principal) };
  }
  if (principal.organisationId) return { kind: 'partner', organisationId: principal.organisationId };
  throw new ForbiddenError('Your token names no organisation and no territory');
}

/**
 * Whether a scope reaches a territory's figures: the national view everywhere, a territorial one
 * inside its territories (an unknown or missing code never), partners never (they see by
 * organisation, and territorial figures only suppressed).
 */
export function reaches(scope: Scope, code: string | null, territories: TerritoryDirectory): boolean {
  if (scope.kind === 'national') return true;
  if (scope.kind === 'partner' || code === null) return false;
  return covers(scope.coverage, code, asHierarchy(territories));
}

/** The caller's organisation, for actions a partner does on its own behalf. */
export function organisationOf(principal: Principal | null): string {
  if (!principal?.organisationId) throw new ForbiddenError('Only a partner organisation can do this; your token names none');
  return principal.organisationId;
}

import { ForbiddenError, type Principal } from '@inps/shared';

/**
 * What a caller may see in monitoring: central and dg everything; territorial users their
 * territories; partners (partner_admin, operator, partner_app) their own organisation's data and
 * suppressed territorial figures only.
 */
export type Scope =
  | { readonly kind: 'national' }
  | { readonly kind: 'territorial'; readonly territories: readonly string[] }
  | { readonly kind: 'partner'; readonly organisationId: string };

export function scopeOf(principal: Principal | null): Scope {
  if (!principal) throw new ForbiddenError('A token is required');
  if (principal.roles.includes('central') || principal.roles.includes('dg')) return { kind: 'national' };
  if (principal.roles.includes('territorial')) {
    if (principal.territories.includes('IT')) return { kind: 'national' };
    return { kind: 'territorial', territories: principal.territories };
  }
  if (principal.organisationId) return { kind: 'partner', organisationId: principal.organisationId };
  throw new ForbiddenError('Your token names no organisation and no territory');
}

/** Whether a territorial scope covers a territory given the territory and its ancestors. */
export function coversTerritory(scope: Scope, codes: readonly (string | null)[]): boolean {
  if (scope.kind === 'national') return true;
  if (scope.kind !== 'territorial') return false;
  return codes.some((code) => code !== null && scope.territories.includes(code));
}

/** The caller's organisation, for actions a partner does on its own behalf. */
export function organisationOf(principal: Principal | null): string {
  if (!principal?.organisationId) throw new ForbiddenError('Only a partner organisation can do this; your token names none');
  return principal.organisationId;
}

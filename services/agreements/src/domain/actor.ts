import type { Role, ScopeHolder } from '@inps/kernel';

/**
 * Who is acting. The roles come from the verified token; the territories and the organisation come
 * from the user's INPS unit or partner organisation, resolved by the service layer.
 *
 * `system` is the scheduler (activation and expiry); it is never granted to a token, so that no
 * person can force an agreement into force.
 */
export type ActorRole = Role | 'system';

export interface Actor extends ScopeHolder {
  readonly id: string;
  readonly roles: readonly ActorRole[];
  readonly organisationId?: string;
}

export function hasAnyRole(actor: Actor, roles: readonly ActorRole[]): boolean {
  return actor.roles.some((role) => roles.includes(role));
}

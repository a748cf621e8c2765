import type { Principal } from '@inps/shared';
import type { Actor } from '../domain';

/** The domain's actor for a verified caller; `system` is never taken from a token. */
export function actorOf(principal: Principal): Actor {
  // Token roles never include `system` (the shared Role type has no such value).
  return { id: principal.subject, roles: [...principal.roles], territories: principal.territories, organisationId: principal.organisationId };
}

/** The scheduler: the only actor allowed to activate and expire agreements. */
export const SYSTEM_ACTOR: Actor = { id: 'system', roles: ['system'] };

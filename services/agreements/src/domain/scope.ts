import { coverageOf, coversAll, inOrganisation, inTerritory, isNational, NATIONAL_ROLES, type TerritoryHierarchy } from '@inps/kernel';
import { hasAnyRole, type Actor, type ActorRole } from './actor';

/**
 * Who may see and change what, asked the same way everywhere in the service: one helper per
 * question, each a kernel scope function applied to the domain's Actor. Two kinds of question:
 * "reach" counts national roles (the scheduler's included), "competence" and "belongs to" do not,
 * because a rule that names the territorial unit or the partner means that unit or partner itself.
 */

/** The scheduler acts with national reach, like the central and general directorates. */
const NATIONAL_ACTOR_ROLES: readonly ActorRole[] = [...NATIONAL_ROLES, 'system'];

/** A partner's people, as opposed to its apps (`partner_app`). */
const PARTNER_STAFF_ROLES: readonly ActorRole[] = ['partner_admin', 'operator'];

const NO_NATIONAL_REACH: readonly string[] = [];

/** Central, dg and the scheduler: every territory and organisation. */
export function isNationalActor(actor: Actor): boolean {
  return isNational(actor, NATIONAL_ACTOR_ROLES);
}

export function isPartnerStaff(actor: Actor): boolean {
  return hasAnyRole(actor, PARTNER_STAFF_ROLES);
}

/** The actor's own organisation is `organisationId` (national reach does not make it a member). */
export function belongsTo(actor: Actor, organisationId: string | null | undefined): boolean {
  return inOrganisation(actor, organisationId, NO_NATIONAL_REACH);
}

/** A territorial unit whose territories cover `code`. */
export function hasCompetence(actor: Actor, code: string, hierarchy: TerritoryHierarchy): boolean {
  return inTerritory(actor, code, hierarchy, NO_NATIONAL_REACH);
}

/** A territorial unit whose territories cover every one of `codes` (none given: no). */
export function hasCompetenceForAll(actor: Actor, codes: readonly string[], hierarchy: TerritoryHierarchy): boolean {
  return actor.roles.includes('territorial') && coversAll(coverageOf(actor), codes, hierarchy);
}

/** National, or competent for the territory. */
export function reachesTerritory(actor: Actor, code: string, hierarchy: TerritoryHierarchy): boolean {
  return inTerritory(actor, code, hierarchy, NATIONAL_ACTOR_ROLES);
}

/**
 * A record that takes place in one territory and may be a partner's (an outreach event, a
 * mobile-unit request): national staff, the unit competent for the territory, the partner's staff.
 */
export function canSeeLocal(actor: Actor, territoryCode: string, organisationId: string | null, hierarchy: TerritoryHierarchy): boolean {
  return reachesTerritory(actor, territoryCode, hierarchy) || (isPartnerStaff(actor) && belongsTo(actor, organisationId));
}

import { coverageOf, covers, type TerritoryHierarchy } from '@inps/kernel';
import type { Actor } from '../domain';

export function isNational(actor: Actor): boolean {
  return actor.roles.some((r) => r === 'central' || r === 'dg' || r === 'system');
}

/** Territorial staff see what lies in their territories; partners what belongs to their organisation. */
export function canSeeLocal(actor: Actor, territoryCode: string, organisationId: string | null, hierarchy: TerritoryHierarchy): boolean {
  if (isNational(actor)) return true;
  if (actor.roles.includes('territorial') && covers(coverageOf(actor), territoryCode, hierarchy)) return true;
  const partner = actor.roles.some((r) => r === 'partner_admin' || r === 'operator');
  return partner && organisationId !== null && actor.organisationId === organisationId;
}

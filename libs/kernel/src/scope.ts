import { NATIONAL_ROLES } from './roles';

/**
 * Scope: which organisation's and which territories' data a caller may touch. Partner A never sees
 * partner B's data; territorial staff see what lies in their territories; national roles see all.
 * Pure functions over what a verified token says; the services turn a `false` into their refusal.
 */

/** ISTAT has no code for the country; the programme uses `IT` for national scope. */
export const NATIONAL_CODE = 'IT';

/** What scope needs to know of a caller. Roles are strings so that a service may add its own (a system actor). */
export interface ScopeHolder {
  readonly roles: readonly string[];
  readonly organisationId?: string | null;
  /** ISTAT codes a territorial unit covers (`IT` for a national unit). */
  readonly territories?: readonly string[];
  /** Areas inside `territories` that another unit manages (a metropolitan directorate's city within a region). */
  readonly excludedTerritories?: readonly string[];
}

/**
 * The codes above a territory. ISTAT codes are not prefixes of one another across levels (region
 * 12, province 058, comune 058091), so scope needs the hierarchy, which the territory registry gives.
 */
export interface TerritoryHierarchy {
  /** Codes of the ancestors, nearest first, ending with `IT`; `undefined` for an unknown code. */
  ancestorCodes(code: string): readonly string[] | undefined;
}

export interface Coverage {
  readonly include: readonly string[];
  readonly exclude?: readonly string[];
}

export function isNational(holder: ScopeHolder, nationalRoles: readonly string[] = NATIONAL_ROLES): boolean {
  return holder.roles.some((r) => nationalRoles.includes(r));
}

/** True when the holder is national or belongs to `organisationId`. */
export function inOrganisation(holder: ScopeHolder, organisationId: string | null | undefined, nationalRoles?: readonly string[]): boolean {
  if (isNational(holder, nationalRoles)) return true;
  return organisationId !== null && organisationId !== undefined && holder.organisationId === organisationId;
}

export function coverageOf(holder: ScopeHolder): Coverage {
  return { include: holder.territories ?? [], exclude: holder.excludedTerritories ?? [] };
}

function lineage(code: string, hierarchy: TerritoryHierarchy): readonly string[] | undefined {
  const ancestors = hierarchy.ancestorCodes(code);
  return ancestors === undefined ? undefined : [code, ...ancestors];
}

/** True when the territory lies inside the coverage; an unknown code is never covered. */
export function covers(coverage: Coverage, code: string, hierarchy: TerritoryHierarchy): boolean {
  const line = lineage(code, hierarchy);
  if (line === undefined) return false;
  const exclude = coverage.exclude ?? [];
  if (line.some((c) => exclude.includes(c))) return false;
  return line.some((c) => coverage.include.includes(c));
}

/** True when every territory is covered; an empty list is not (nothing to vouch for). */
export function coversAll(coverage: Coverage, codes: readonly string[], hierarchy: TerritoryHierarchy): boolean {
  return codes.length > 0 && codes.every((code) => covers(coverage, code, hierarchy));
}

/**
 * True when the territory is inside the coverage or contains part of it, so that a metropolitan
 * directorate sees a region-wide agreement that also applies to its city.
 */
export function touches(coverage: Coverage, code: string, hierarchy: TerritoryHierarchy): boolean {
  if (covers(coverage, code, hierarchy)) return true;
  return coverage.include.some((inc) => lineage(inc, hierarchy)?.includes(code) ?? false);
}

/** True when the holder is national or a territorial holder whose territories cover `code`. */
export function inTerritory(holder: ScopeHolder, code: string, hierarchy: TerritoryHierarchy, nationalRoles?: readonly string[]): boolean {
  if (isNational(holder, nationalRoles)) return true;
  return holder.roles.includes('territorial') && covers(coverageOf(holder), code, hierarchy);
}

import type { Actor } from './actor';

/**
 * What the rules need to know about geography: the codes above a territory. The reference-data
 * territory registry provides it; the domain does not load data itself.
 */
export interface TerritoryHierarchy {
  /** Codes of the ancestors, nearest first, ending with `IT`; `undefined` for an unknown code. */
  ancestorCodes(code: string): readonly string[] | undefined;
}

export interface Coverage {
  readonly include: readonly string[];
  readonly exclude?: readonly string[];
}

export function coverageOf(actor: Actor): Coverage {
  return { include: actor.territories ?? [], exclude: actor.excludedTerritories ?? [] };
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

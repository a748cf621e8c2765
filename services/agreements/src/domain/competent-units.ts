import { covers, type IsoDate, type TerritoryHierarchy } from '@inps/kernel';

/** What choosing a competent unit needs to know of one. */
export interface CoveringUnit {
  readonly covers: readonly string[];
  readonly excludes: readonly string[];
  readonly validFrom: IsoDate | null;
  /** Last day in force (inclusive), as for territories. */
  readonly validTo: IsoDate | null;
}

function inForce(unit: CoveringUnit, day: IsoDate): boolean {
  return (unit.validFrom === null || unit.validFrom <= day) && (unit.validTo === null || day <= unit.validTo);
}

/**
 * The units competent for a territory on a day: among those in force whose coverage takes it in
 * (exclusions respected), the ones whose covered code is nearest to it (the comune itself, then its
 * province or metropolitan city, then its region, the country last). A metropolitan directorate
 * therefore wins over its region's directorate, which excludes its city anyway, and the national
 * directorates only answer where no territorial unit does. Several units at the same distance are
 * all returned, in the given order. Unknown territory: none.
 */
export function competentUnits<U extends CoveringUnit>(units: readonly U[], code: string, hierarchy: TerritoryHierarchy, day: IsoDate): U[] {
  const ancestors = hierarchy.ancestorCodes(code);
  if (ancestors === undefined) return [];
  const lineage = [code, ...ancestors];
  const distance = (u: U): number => Math.min(...u.covers.map((c) => lineage.indexOf(c)).filter((i) => i >= 0));
  const candidates = units.filter((u) => inForce(u, day) && covers({ include: u.covers, exclude: u.excludes }, code, hierarchy));
  if (candidates.length === 0) return [];
  const nearest = Math.min(...candidates.map(distance));
  return candidates.filter((u) => distance(u) === nearest);
}

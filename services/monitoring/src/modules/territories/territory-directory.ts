import type { TerritoryHierarchy } from '@inps/kernel';
import type { TerritoryRegistry } from '@inps/territories';

/**
 * What monitoring needs from the ISTAT territory registry: a territory's ancestors (to roll a
 * comune's figures up to its province and region, and to check a territorial user's competence)
 * and its name. An interface, so the registry library can be swapped in without touching callers.
 */
export interface TerritoryDirectory {
  /**
   * Ancestors nearest first (comune → province or metropolitan city → region → 'IT'); null when
   * the code is unknown.
   */
  ancestorsOf(code: string): string[] | null;
  nameOf(code: string): string | null;
  /** NATIONAL, REGION, PROVINCE, METROPOLITAN_CITY or COMUNE; null when unknown. */
  levelOf(code: string): TerritoryLevelName | null;
  /** Current territories one level down (the regions of 'IT', the provinces of a region). */
  childrenOf(code: string): string[];
}

export type TerritoryLevelName = 'NATIONAL' | 'REGION' | 'PROVINCE' | 'METROPOLITAN_CITY' | 'COMUNE';

export const TERRITORY_DIRECTORY = Symbol('TERRITORY_DIRECTORY');

/** The ISTAT registry of `@inps/territories` (comune → province or metropolitan city → region → IT). */
export class RegistryTerritoryDirectory implements TerritoryDirectory {
  constructor(private readonly registry: TerritoryRegistry) {}

  ancestorsOf(code: string): string[] | null {
    const ancestors = this.registry.ancestorCodes(code);
    return ancestors ? [...ancestors] : null;
  }

  nameOf(code: string): string | null {
    return this.registry.get(code)?.name ?? null;
  }

  levelOf(code: string): TerritoryLevelName | null {
    return this.registry.get(code)?.level ?? null;
  }

  childrenOf(code: string): string[] {
    return this.registry.children(code).map((t) => t.istatCode);
  }
}

/** The directory as @inps/kernel's hierarchy, for its scope functions and the shared `assertTerritory`. */
export function asHierarchy(directory: TerritoryDirectory): TerritoryHierarchy {
  return { ancestorCodes: (code) => directory.ancestorsOf(code) ?? undefined };
}

/** Province and region among the ancestors (the country is implicit). */
export function splitAncestors(ancestors: readonly string[] | null): { province: string | null; region: string | null } {
  const levels = (ancestors ?? []).filter((code) => code !== 'IT');
  return { province: levels[0] ?? null, region: levels[1] ?? null };
}

/**
 * The province (or metropolitan city) and region of a territory placed at any level, itself
 * included: an outreach event or a mobile-unit request may be at a comune, a province or a region.
 */
export function placeOf(directory: TerritoryDirectory, code: string): { province: string | null; region: string | null } {
  const chain = [code, ...(directory.ancestorsOf(code) ?? [])];
  const at = (levels: readonly string[]): string | null => chain.find((c) => levels.includes(directory.levelOf(c) ?? '')) ?? null;
  return { province: at(['PROVINCE', 'METROPOLITAN_CITY']), region: at(['REGION']) };
}

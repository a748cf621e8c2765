import { isIsoDate } from '@inps/kernel';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RawInpsUnitsFile } from './inps-unit.schema';
import { INPS_UNITS_SCHEMA } from './inps-unit.schema';
import { ReferenceDataError } from '@inps/territories';
import type { InpsUnit, InpsUnitKind } from './reference-data.types';
import type { TerritoryLevel, TerritoryRegistry } from '@inps/territories';
import { parseValidatedYaml } from './validated-yaml';
import { agreementsDataDir } from './data-dir';

export const INPS_UNITS_FILE = 'inps-units.yaml';

/** The level of territory each kind of unit is competent for. */
const COVERED_LEVEL: { readonly [K in InpsUnitKind]: TerritoryLevel } = {
  GENERAL_DIRECTORATE: 'NATIONAL',
  CENTRAL_DIRECTORATE: 'NATIONAL',
  REGIONAL_DIRECTORATE: 'REGION',
  METROPOLITAN_COORDINATION_DIRECTORATE: 'METROPOLITAN_CITY',
};

/**
 * Parses inps-units.yaml and checks it against the schema and the territories: ids unique,
 * parents known, each unit covering territories of its level, exclusions inside the coverage,
 * and, among current units, every region with exactly one regional directorate and every excluded
 * area with a unit of its own.
 */
export function parseInpsUnits(text: string, territories: TerritoryRegistry, source = INPS_UNITS_FILE): InpsUnit[] {
  const raw = parseValidatedYaml<RawInpsUnitsFile>(text, INPS_UNITS_SCHEMA, source);
  const units: InpsUnit[] = raw.units.map((u) => ({
    id: u.id,
    kind: u.kind,
    name: u.name,
    shortName: u.shortName,
    parentId: u.parentId ?? null,
    covers: u.covers,
    excludes: u.excludes ?? [],
    validFrom: u.validFrom ?? null,
    validTo: u.validTo ?? null,
  }));

  const problems: string[] = [];
  const ids = new Set<string>();
  for (const u of units) {
    if (ids.has(u.id)) problems.push(`${u.id}: duplicate id`);
    ids.add(u.id);
  }
  for (const u of units) {
    if (u.parentId !== null && !ids.has(u.parentId)) problems.push(`${u.id}: unknown parent ${u.parentId}`);
    for (const key of ['validFrom', 'validTo'] as const) {
      const day = u[key];
      if (day !== null && !isIsoDate(day)) problems.push(`${u.id}: ${key} ${day} is not a calendar day`);
    }
    for (const code of u.covers) {
      const t = territories.get(code);
      if (!t) problems.push(`${u.id}: covers unknown territory ${code}`);
      else if (t.level !== COVERED_LEVEL[u.kind]) problems.push(`${u.id}: covers ${code} (${t.level}), expected a ${COVERED_LEVEL[u.kind]}`);
    }
    for (const code of u.excludes) {
      const inside = territories.ancestorCodes(code)?.some((a) => u.covers.includes(a)) ?? false;
      if (!inside) problems.push(`${u.id}: excludes ${code}, which is not inside what it covers`);
    }
  }

  const current = units.filter((u) => u.validTo === null);
  for (const region of territories.all().filter((t) => t.level === 'REGION' && t.validTo === null)) {
    const n = current.filter((u) => u.kind === 'REGIONAL_DIRECTORATE' && u.covers.includes(region.istatCode)).length;
    if (n !== 1) problems.push(`region ${region.istatCode} (${region.name}) has ${n} regional directorates, expected 1`);
  }
  for (const u of current) {
    for (const code of u.excludes) {
      if (!current.some((other) => other.id !== u.id && other.covers.includes(code))) problems.push(`${u.id}: nobody covers excluded ${code}`);
    }
  }
  if (problems.length > 0) throw new ReferenceDataError(source, problems);
  return units;
}

export function loadInpsUnits(territories: TerritoryRegistry, dataDir: string = agreementsDataDir()): InpsUnit[] {
  const file = join(dataDir, INPS_UNITS_FILE);
  return parseInpsUnits(readFileSync(file, 'utf8'), territories, file);
}

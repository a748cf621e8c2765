import { isIsoDate } from '@inps/kernel';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RawOrganisationsFile } from './organisation.schema';
import { ORGANISATIONS_SCHEMA } from './organisation.schema';
import { ReferenceDataError } from '@inps/territories';
import type { Organisation } from './reference-data.types';
import { agreementsDataDir } from './data-dir';
import type { TerritoryRegistry } from '@inps/territories';
import { parseValidatedYaml } from './validated-yaml';

export const ORGANISATIONS_FILE = 'organisations.yaml';

/** Parses organisations.yaml and checks ids, parents and territories. */
export function parseOrganisations(text: string, territories: TerritoryRegistry, source = ORGANISATIONS_FILE): Organisation[] {
  const raw = parseValidatedYaml<RawOrganisationsFile>(text, ORGANISATIONS_SCHEMA, source);
  const organisations: Organisation[] = raw.organisations.map((o) => ({
    id: o.id,
    kind: o.kind,
    name: o.name,
    shortName: o.shortName ?? null,
    territoryCode: o.territoryCode,
    parentId: o.parentId ?? null,
    demo: o.demo ?? false,
    validFrom: o.validFrom ?? null,
    validTo: o.validTo ?? null,
  }));
  const problems: string[] = [];
  const ids = new Set<string>();
  for (const o of organisations) {
    if (ids.has(o.id)) problems.push(`${o.id}: duplicate id`);
    ids.add(o.id);
  }
  for (const o of organisations) {
    if (o.parentId !== null && (!ids.has(o.parentId) || o.parentId === o.id)) problems.push(`${o.id}: unknown parent ${o.parentId}`);
    const t = territories.get(o.territoryCode);
    if (!t) problems.push(`${o.id}: unknown territory ${o.territoryCode}`);
    else if (o.validTo === null && t.validTo !== null) problems.push(`${o.id}: territory ${o.territoryCode} is no longer in force`);
    for (const key of ['validFrom', 'validTo'] as const) {
      const day = o[key];
      if (day !== null && !isIsoDate(day)) problems.push(`${o.id}: ${key} ${day} is not a calendar day`);
    }
  }
  if (problems.length > 0) throw new ReferenceDataError(source, problems);
  return organisations;
}

export function loadOrganisations(territories: TerritoryRegistry, dataDir: string = agreementsDataDir()): Organisation[] {
  const file = join(dataDir, ORGANISATIONS_FILE);
  return parseOrganisations(readFileSync(file, 'utf8'), territories, file);
}

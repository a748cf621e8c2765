import type { TerritoryRegistry } from '@inps/territories';
import { loadTerritoryRegistry, ReferenceDataError } from '@inps/territories';
import { agreementsDataDir } from './data-dir';
import type { InpsUnit, Organisation } from './reference-data.types';
import { loadInpsUnits } from './inps-unit.loader';
import { loadOrganisations } from './organisation.loader';

export interface ReferenceData {
  readonly territories: TerritoryRegistry;
  readonly inpsUnits: readonly InpsUnit[];
  readonly organisations: readonly Organisation[];
}

/**
 * Everything the service needs from data/, checked together. Unit and organisation ids share
 * one namespace because tokens carry either as the user's affiliation.
 */
export function loadReferenceData(dataDir: string = agreementsDataDir(), territories: TerritoryRegistry = loadTerritoryRegistry()): ReferenceData {
  const inpsUnits = loadInpsUnits(territories, dataDir);
  const organisations = loadOrganisations(territories, dataDir);
  const unitIds = new Set(inpsUnits.map((u) => u.id));
  const clashes = organisations.filter((o) => unitIds.has(o.id)).map((o) => `${o.id}: used by an INPS unit and an organisation`);
  if (clashes.length > 0) throw new ReferenceDataError(dataDir, clashes);
  return { territories, inpsUnits, organisations };
}

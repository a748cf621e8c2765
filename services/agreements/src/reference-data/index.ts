export * from './reference-data.types';
export * from './reference-data.loader';
export * from './inps-unit.loader';
export * from './organisation.loader';
export * from './data-dir';
// What agreements used from here before the territory code moved to @inps/territories.
export {
  ReferenceDataError,
  defaultDataDir as territoriesDataDir,
  loadTerritories,
  loadTerritoryRegistry,
  parseTerritoriesCsv,
  territoriesToCsv,
  TERRITORIES_FILE,
  TerritoryRegistry,
  territoryCheckProblem,
  validOn,
  NATIONAL_TERRITORY,
  mergeTerritorySnapshot,
  MissingEffectiveDateError,
  foldForSearch,
} from '@inps/territories';
export type { TerritoryCheck, TerritorySearchOptions, SnapshotTerritory, TerritoryChange } from '@inps/territories';

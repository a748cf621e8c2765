export * from './reference-data.types';
export * from './reference-data.error';
export * from './reference-data.loader';
export * from './territory.loader';
export * from './territory.registry';
export * from './territory.merge';
export * from './inps-unit.loader';
export * from './organisation.loader';
export { foldForSearch } from './search-text.util';

export * from './territory.types';
export * from './reference-data.error';
export * from './csv.codec';
export * from './search-text.util';
export * from './territory.loader';
export * from './territory.registry';
export * from './territory.merge';

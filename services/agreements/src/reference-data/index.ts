export * from './reference-data.types';
export * from './reference-data.loader';
export * from './inps-unit.loader';
export * from './organisation.loader';
export * from './data-dir';

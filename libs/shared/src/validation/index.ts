export * from './is-iso-day.validator';
export * from './nul-bytes';

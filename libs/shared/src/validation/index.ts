export * from './is-iso-day.validator';

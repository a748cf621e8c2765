export * from './event-contracts';

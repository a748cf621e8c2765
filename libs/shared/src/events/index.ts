export * from './event-contracts';
export * from './event-handler';

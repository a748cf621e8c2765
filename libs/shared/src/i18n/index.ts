export * from './message-catalogue';

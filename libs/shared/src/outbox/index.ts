export * from './consume-once';
export * from './outbox.entities';
export * from './outbox.migrations';
export * from './outbox.module';
export * from './outbox.relay';
export * from './outbox.service';
export * from './outbox.types';

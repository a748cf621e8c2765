export * from './job-options';
export * from './queue.backend';
export * from './queue.module';
export * from './queue.registry';
export * from './queue-store.watch';

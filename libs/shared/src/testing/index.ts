export * from './eventually';
export * from './test-app';
export * from './test-database';
export * from './test-queue';
export * from './test-tokens';

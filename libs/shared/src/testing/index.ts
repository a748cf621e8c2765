export * from './eventually';
export * from './programme-driver';
export * from './test-app';
export * from './test-database';
export * from './test-queue';
export * from './test-tokens';

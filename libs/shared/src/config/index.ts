export * from './base.config';
export * from './config.definition';
export * from './config.error';
export * from './config.field';
export * from './repo-root';
export * from './test-env';

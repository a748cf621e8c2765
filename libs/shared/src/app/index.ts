export * from './body-parsing';
export * from './bootstrap';
export * from './configure-app';
export * from './core.module';
export * from './openapi';
export * from './startup-memory';

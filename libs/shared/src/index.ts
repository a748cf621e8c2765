/**
 * @inps/shared: what every service needs the same way (docs/architecture.md §2.7). See README.md.
 * Test helpers (testing/) load their test-only dependencies lazily, so importing this file in
 * production needs no devDependency.
 */
// tracing: first, so that the SDK (when configured) is in place before http, express, pg and ioredis load.
import './tracing/tracing.preload';
export * from './app';
export * from './auth';
export * from './config';
export * from './database';
export * from './errors';
export * from './events';
export * from './graphql';
export * from './health';
export * from './i18n';
export * from './idempotency';
export * from './logging';
export * from './metrics';
export * from './outbox';
export * from './queue';
export * from './testing';
export * from './time';
export * from './tracing';
export * from './util/with-timeout';
export * from './validation';

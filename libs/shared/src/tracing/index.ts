export * from './trace-context';
export * from './tracing.config';
export { stopTracing } from './tracing';
export * from './outbox-trace-context.migration';

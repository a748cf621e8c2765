export * from './trace-context';
export * from './tracing.config';
export { stopTracing, traceRequestsMiddleware } from './tracing';
export * from './outbox-trace-context.migration';

export * from './trace-context';
export * from './tracing.config';
export { stopTracing, traceRouteMiddleware } from './tracing';
export * from './outbox-trace-context.migration';

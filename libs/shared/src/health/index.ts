export * from './health.checks';
export * from './health.controller';
export * from './health.module';

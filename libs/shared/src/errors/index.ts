export * from './app-error';
export * from './database-error.mapper';
export * from './infrastructure-error.mapper';
export * from './error-body';
export * from './error-mapping';
export * from './graphql-error.formatter';
export * from './http-error.filter';
export * from './validation.pipe';

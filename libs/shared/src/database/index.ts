export * from './database.module';
export * from './database.options';
export * from './embedded-postgres';
export * from './migrations.runner';
export * from './resolve-database';
export * from './transaction';

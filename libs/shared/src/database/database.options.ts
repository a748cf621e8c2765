import type { DataSourceOptions, MigrationInterface } from 'typeorm';

type Entities = NonNullable<DataSourceOptions['entities']>;
type MigrationClass = new () => MigrationInterface;

export interface DatabaseOptions {
  readonly url: string;
  /**
   * The schema this service owns (`questionnaire`). Its tables, its migrations table and its
   * outbox live there, so that several services can share one database (the embedded default)
   * without ever reading each other's tables.
   */
  readonly schema: string;
  readonly entities?: Entities;
  readonly migrations?: readonly (MigrationClass | MigrationInterface)[];
  /** Shown in pg_stat_activity; defaults to the schema. */
  readonly applicationName?: string;
  readonly poolSize?: number;
  /** Log SQL (development only). */
  readonly logging?: boolean;
}

/**
 * What a service's database is made of, declared once per service (its `entities.ts` and
 * `migrations/index.ts`) and used alike by the API, the worker, `migrate.ts`, the tests, the seed
 * and the benchmarks.
 */
export interface ServiceDatabase {
  readonly schema: string;
  readonly entities: Entities;
  readonly migrations: readonly (MigrationClass | MigrationInterface)[];
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

export function assertSchemaName(schema: string): void {
  if (!SCHEMA_NAME.test(schema)) throw new Error(`Invalid schema name "${schema}": use lower-case letters, digits and _`);
}

/** Double-quotes an identifier that has already passed assertSchemaName or comes from metadata. */
export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/**
 * TypeORM options for one service. Schema changes only ever go through migrations, run by
 * `runMigrations` under an advisory lock: never `synchronize`, never `migrationsRun`.
 */
export function buildDataSourceOptions(options: DatabaseOptions): DataSourceOptions {
  assertSchemaName(options.schema);
  return {
    type: 'postgres',
    url: options.url,
    schema: options.schema,
    entities: options.entities ?? [],
    migrations: [...(options.migrations ?? [])] as MigrationClass[],
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    migrationsRun: false,
    synchronize: false,
    logging: options.logging ?? false,
    // gen_random_uuid() is built into PostgreSQL 13+: no extension to install.
    uuidExtension: 'pgcrypto',
    installExtensions: false,
    poolSize: options.poolSize ?? 10,
    extra: {
      // Unqualified names in raw SQL and migrations resolve to the service's schema first.
      options: `-c search_path=${options.schema},public`,
      application_name: options.applicationName ?? options.schema,
    },
  };
}

/** The schema a DataSource was built for (`public` if none). */
export function schemaOf(dataSource: { readonly options: DataSourceOptions }): string {
  const schema = (dataSource.options as { schema?: unknown }).schema;
  return typeof schema === 'string' && schema !== '' ? schema : 'public';
}

/** `"schema"."table"` for raw SQL against a table of this service. */
export function qualifiedTable(dataSource: { readonly options: DataSourceOptions }, table: string): string {
  return `${quoteIdent(schemaOf(dataSource))}.${quoteIdent(table)}`;
}

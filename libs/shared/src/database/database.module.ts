import { Global, Inject, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { buildDataSourceOptions, type DatabaseOptions } from './database.options';
import { runMigrations } from './migrations.runner';

export interface DatabaseModuleOptions extends DatabaseOptions {
  /** Run pending migrations (under the advisory lock) before the app serves. */
  readonly migrate?: boolean;
}

/** Builds, connects and (optionally) migrates a service's DataSource. */
export async function createDataSource(options: DatabaseModuleOptions): Promise<DataSource> {
  const dataSource = new DataSource(buildDataSourceOptions(options));
  await dataSource.initialize();
  try {
    if (options.migrate) await runMigrations(dataSource);
  } catch (error) {
    await dataSource.destroy();
    throw error;
  }
  return dataSource;
}

/**
 * Provides the service's TypeORM `DataSource` (inject it by class) to the whole app. A plain
 * provider rather than @nestjs/typeorm: one connection attempt that fails fast (no retry loop at
 * boot or in tests), no dependence on its TypeORM 1.x compatibility layer, and the same injection
 * token, so services can switch later without changes. Repositories: `dataSource.getRepository(X)`.
 */
@Global()
@Module({})
export class DatabaseModule implements OnApplicationShutdown {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  static forRoot(options: DatabaseModuleOptions): DynamicModule {
    return {
      module: DatabaseModule,
      providers: [{ provide: DataSource, useFactory: () => createDataSource(options) }],
      exports: [DataSource],
    };
  }

  /** After the HTTP server has drained (onModuleDestroy would be too early for in-flight requests). */
  async onApplicationShutdown(): Promise<void> {
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }
}

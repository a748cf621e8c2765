import { Global, Inject, Module, Optional, type DynamicModule, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { buildDataSourceOptions, type DatabaseOptions } from './database.options';
import { Metrics } from '../metrics/metrics';
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
export class DatabaseModule implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Optional() private readonly metrics?: Metrics,
  ) {}

  static forRoot(options: DatabaseModuleOptions): DynamicModule {
    return {
      module: DatabaseModule,
      providers: [{ provide: DataSource, useFactory: () => createDataSource(options) }],
      exports: [DataSource],
    };
  }

  /** The pg pool behind TypeORM, read at scrape time. */
  onApplicationBootstrap(): void {
    const metrics = this.metrics;
    if (!metrics) return;
    metrics.addCollector('database pool', () => {
      const pool = (this.dataSource.driver as { master?: { totalCount: number; idleCount: number; waitingCount: number } }).master;
      if (!pool) return;
      metrics.dbPool.set({ state: 'total' }, pool.totalCount);
      metrics.dbPool.set({ state: 'idle' }, pool.idleCount);
      metrics.dbPool.set({ state: 'waiting' }, pool.waitingCount);
    });
  }

  /** After the HTTP server has drained (onModuleDestroy would be too early for in-flight requests). */
  async onApplicationShutdown(): Promise<void> {
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }
}

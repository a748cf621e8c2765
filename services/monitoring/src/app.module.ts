import type { ApolloFederationDriverConfig } from '@nestjs/apollo';
import { Module, type DynamicModule } from '@nestjs/common';
import { GraphQLModule } from '@nestjs/graphql';
import { AuthModule, Clock, CoreModule, DatabaseModule, HealthModule, IdempotencyModule, JobsModule, QueueModule, subgraphOptions } from '@inps/shared';
import { MONITORING_DATABASE } from './migrations';
import type { MonitoringConfig } from './monitoring.config';
import { FollowUpsModule } from './modules/follow-ups/follow-ups.module';
import { ReturnsModule } from './modules/returns/returns.module';
import { ReportsModule } from './modules/reports/reports.module';
import { ReportsWorkerModule } from './modules/reports/reports-worker.module';
import { EventsModule } from './modules/events/events.module';
import { FederationModule } from './modules/federation/federation.module';
import { Organisation, Territory } from './modules/federation/federation.types';
import { IndicatorsModule } from './modules/indicators/indicators.module';
import { OutcomesModule } from './modules/outcomes/outcomes.module';
import { RefusedEventsModule } from './modules/refused-events/refused-events.module';
import { TerritoriesModule } from './modules/territories/territories.module';
import type { TerritoryDirectory } from './modules/territories/territory-directory';

export interface MonitoringModuleOptions {
  /** A FixedClock in tests. */
  readonly clock?: Clock;
  /** A small hand-written hierarchy in tests. */
  readonly territories?: TerritoryDirectory;
  /** Also run the worker's consumers and processors in this process (local development, tests). */
  readonly withWorker?: boolean;
}

/** Configuration, clock, database, queue and territories: what both the API and the worker need. */
export function monitoringCore(config: MonitoringConfig, options: MonitoringModuleOptions = {}): DynamicModule[] {
  return [
    CoreModule.forRoot(config, { clock: options.clock }),
    DatabaseModule.forRoot({ url: config.DATABASE_URL, poolSize: config.DATABASE_POOL_SIZE, ...MONITORING_DATABASE, migrate: config.DATABASE_MIGRATE }),
    QueueModule.forRoot({ config }),
    TerritoriesModule.forRoot(options.territories),
  ];
}

/** The HTTP API. */
@Module({})
export class AppModule {
  static forRoot(config: MonitoringConfig, options: MonitoringModuleOptions = {}): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ...monitoringCore(config, options),
        AuthModule.forRoot(config),
        HealthModule.forRoot(),
        IdempotencyModule.forRoot(),
        GraphQLModule.forRoot<ApolloFederationDriverConfig>({
          ...subgraphOptions(config),
          // Reached only through _entities (the agreements subgraph owns them), so not from a root field.
          buildSchemaOptions: { orphanedTypes: [Organisation, Territory] },
          // _entities is resolved by federation itself, not by a guarded query: the guard must run
          // on the field resolvers (returns, indicators) to verify the token there.
          fieldResolverEnhancers: ['guards'],
        }),
        FederationModule,
        OutcomesModule,
        FollowUpsModule,
        ReturnsModule,
        ReportsModule,
        IndicatorsModule,
        RefusedEventsModule,
        ...(options.withWorker ? [JobsModule.forWorker(), EventsModule, ReportsWorkerModule] : []),
      ],
    };
  }
}

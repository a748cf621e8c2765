import type { ApolloFederationDriverConfig } from '@nestjs/apollo';
import { Module, type DynamicModule } from '@nestjs/common';
import { GraphQLModule } from '@nestjs/graphql';
import {
  AuthModule,
  Clock,
  CoreModule,
  DatabaseModule,
  HealthModule,
  IdempotencyModule,
  OutboxModule,
  QueueModule,
  ReferencePrincipal,
  subgraphOptions,
} from '@inps/shared';
import type { AgreementsConfig } from './agreements.config';
import { AGREEMENTS_DATABASE } from './migrations';
import { AgreementsModule } from './modules/agreements/agreements.module';
import { ApiKeysModule } from './modules/api-keys/api-keys.module';
import { DocumentsModule } from './modules/documents/documents.module';
import { MobileUnitRequestsModule } from './modules/mobile-unit-requests/mobile-unit-requests.module';
import { OutreachEventsModule } from './modules/outreach-events/outreach-events.module';
import { ReferenceDataModule } from './modules/reference-data/reference-data.module';
import { InpsUnitResolver, OrganisationResolver, TerritoryResolver } from './modules/reference-data/reference-data.resolver';
import { ReferentsModule } from './modules/referents/referents.module';
import { TechnicalTablesModule } from './modules/technical-tables/technical-tables.module';
import { WhereToGoModule } from './modules/where-to-go/where-to-go.module';

export interface AppModuleOptions {
  /** A FixedClock in tests. */
  readonly clock?: Clock;
}

/** Configuration, clock, database and reference data: what both the API and the worker need. */
export function agreementsCore(config: AgreementsConfig, options: AppModuleOptions = {}): (DynamicModule | typeof ReferenceDataModule)[] {
  return [
    CoreModule.forRoot(config, { clock: options.clock }),
    DatabaseModule.forRoot({ url: config.DATABASE_URL, migrate: config.DATABASE_MIGRATE, poolSize: config.DATABASE_POOL_SIZE, ...AGREEMENTS_DATABASE }),
    QueueModule.forRoot({ config }),
    OutboxModule.forRoot({ destinations: [config.EVENTS_QUEUE] }),
    ReferenceDataModule,
  ];
}

@Module({})
export class AppModule {
  static forRoot(config: AgreementsConfig, options: AppModuleOptions = {}): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ...agreementsCore(config, options),
        AuthModule.forRoot(config),
        HealthModule.forRoot(),
        IdempotencyModule.forRoot(),
        GraphQLModule.forRoot<ApolloFederationDriverConfig>(subgraphOptions(config)),
        AgreementsModule,
        DocumentsModule,
        OutreachEventsModule,
        MobileUnitRequestsModule,
        ReferentsModule,
        ApiKeysModule,
        TechnicalTablesModule,
        WhereToGoModule,
      ],
      // Resolvers live with the HTTP app only: the worker shares the reference data but serves no GraphQL.
      providers: [ReferencePrincipal, TerritoryResolver, OrganisationResolver, InpsUnitResolver],
    };
  }
}

import { Documents1764000500000 } from './migrations/1764000500000-documents';
import { AgreementDocumentEntity } from './modules/documents/document.entity';
import { DocumentsModule } from './modules/documents/documents.module';
import type { ApolloFederationDriverConfig } from '@nestjs/apollo';
import { Module, type DynamicModule } from '@nestjs/common';
import { GraphQLModule } from '@nestjs/graphql';
import {
  AuthModule,
  Clock,
  CoreModule,
  createIdempotencyDaysMigration,
  createIdempotencyMigration,
  createOutboxDaysMigration,
  createOutboxMigration,
  DatabaseModule,
  HealthModule,
  IdempotencyModule,
  OutboxModule,
  QueueModule,
  ReferencePrincipal,
  subgraphOptions,
} from '@inps/shared';
import { InpsUnitResolver, OrganisationResolver, TerritoryResolver } from './modules/reference-data/reference-data.resolver';
import type { AgreementsConfigValues } from './agreements.config';
import { ReferenceData1764000000000 } from './migrations/1764000000000-reference-data';
import { Agreements1764000100000 } from './migrations/1764000100000-agreements';
import { AgreementEntity, AgreementTransitionEntity } from './modules/agreements/agreement.entity';
import { AgreementsModule } from './modules/agreements/agreements.module';
import { Outreach1764000200000 } from './migrations/1764000200000-outreach';
import { MobileUnitRequestEntity } from './modules/mobile-unit-requests/mobile-unit-request.entity';
import { MobileUnitRequestsModule } from './modules/mobile-unit-requests/mobile-unit-requests.module';
import { OutreachEventEntity } from './modules/outreach-events/outreach-event.entity';
import { OutreachEventsModule } from './modules/outreach-events/outreach-events.module';
import { Referents1764000300000 } from './migrations/1764000300000-referents';
import { Renewals1764000400000 } from './migrations/1764000400000-renewals';
import { ReferentEntity } from './modules/referents/referent.entity';
import { ReferentsModule } from './modules/referents/referents.module';
import { ReferenceDataModule } from './modules/reference-data/reference-data.module';
import { ApiKeys1764000700000 } from './migrations/1764000700000-api-keys';
import { ApiKeyEntity } from './modules/api-keys/api-key.entity';
import { ApiKeysModule } from './modules/api-keys/api-keys.module';
import { TechnicalTables1764000800000 } from './migrations/1764000800000-technical-tables';
import {
  TechnicalTableEntity,
  TechnicalTableIssueEntity,
  TechnicalTableMeetingEntity,
  TechnicalTableMemberEntity,
} from './modules/technical-tables/technical-table.entity';
import { TechnicalTablesModule } from './modules/technical-tables/technical-tables.module';

export const AGREEMENTS_SCHEMA = 'agreements';
export const AGREEMENTS_ENTITIES = [
  AgreementDocumentEntity,
  AgreementEntity,
  AgreementTransitionEntity,
  OutreachEventEntity,
  MobileUnitRequestEntity,
  ReferentEntity,
  ApiKeyEntity,
  TechnicalTableEntity,
  TechnicalTableMemberEntity,
  TechnicalTableMeetingEntity,
  TechnicalTableIssueEntity,
];
export const AGREEMENTS_MIGRATIONS = [
  createOutboxMigration(),
  ReferenceData1764000000000,
  Agreements1764000100000,
  Outreach1764000200000,
  Referents1764000300000,
  Renewals1764000400000,
  Documents1764000500000,
  ApiKeys1764000700000,
  TechnicalTables1764000800000,
  createIdempotencyMigration(),
  createOutboxDaysMigration(),
  createIdempotencyDaysMigration(),
];

export interface AppModuleOptions {
  /** A FixedClock in tests. */
  readonly clock?: Clock;
}

/** Configuration, clock, database and reference data: what both the API and the worker need. */
export function agreementsCore(config: AgreementsConfigValues, options: AppModuleOptions = {}): (DynamicModule | typeof ReferenceDataModule)[] {
  return [
    CoreModule.forRoot(config, { clock: options.clock }),
    DatabaseModule.forRoot({
      url: config.DATABASE_URL,
      schema: AGREEMENTS_SCHEMA,
      migrate: config.DATABASE_MIGRATE,
      entities: AGREEMENTS_ENTITIES,
      migrations: AGREEMENTS_MIGRATIONS,
    }),
    QueueModule.forRoot({ config }),
    OutboxModule.forRoot({ destinations: [config.EVENTS_QUEUE] }),
    ReferenceDataModule,
  ];
}

@Module({})
export class AppModule {
  static forRoot(config: AgreementsConfigValues, options: AppModuleOptions = {}): DynamicModule {
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
      ],
      // Resolvers live with the HTTP app only: the worker shares the reference data but serves no GraphQL.
      providers: [ReferencePrincipal, TerritoryResolver, OrganisationResolver, InpsUnitResolver],
    };
  }
}

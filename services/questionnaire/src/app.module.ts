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
  subgraphOptions,
} from '@inps/shared';
import { InitialSchema1763900000000 } from './migrations/1763900000000-initial-schema';
import { BuiltInRuleSetsLoader } from './modules/rulesets/builtin-rulesets.loader';
import { RuleSetEntity } from './modules/rulesets/ruleset.entity';
import { RuleSetsModule } from './modules/rulesets/rulesets.module';
import { ScreeningEntity } from './modules/screenings/screening.entity';
import { ScreeningsModule } from './modules/screenings/screenings.module';
import { QuestionnaireConfig, type QuestionnaireConfigValues } from './questionnaire.config';

export const QUESTIONNAIRE_SCHEMA = 'questionnaire';
export const QUESTIONNAIRE_ENTITIES = [RuleSetEntity, ScreeningEntity];
export const QUESTIONNAIRE_MIGRATIONS = [
  createOutboxMigration(),
  InitialSchema1763900000000,
  createIdempotencyMigration(),
  createOutboxDaysMigration(),
  createIdempotencyDaysMigration(),
];

export interface AppModuleOptions {
  /** A FixedClock in tests. */
  readonly clock?: Clock;
}

/** Configuration, clock and database: what both the API and the worker need. */
export function questionnaireCore(config: QuestionnaireConfigValues, options: AppModuleOptions = {}): DynamicModule[] {
  return [
    CoreModule.forRoot(config, { clock: options.clock }),
    DatabaseModule.forRoot({
      url: config.DATABASE_URL,
      schema: QUESTIONNAIRE_SCHEMA,
      migrate: config.DATABASE_MIGRATE,
      entities: QUESTIONNAIRE_ENTITIES,
      migrations: QUESTIONNAIRE_MIGRATIONS,
    }),
    {
      module: class QuestionnaireConfigModule {},
      global: true,
      providers: [{ provide: QuestionnaireConfig, useValue: QuestionnaireConfig.from(config) }],
      exports: [QuestionnaireConfig],
    },
  ];
}

@Module({})
export class AppModule {
  static forRoot(config: QuestionnaireConfigValues, options: AppModuleOptions = {}): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ...questionnaireCore(config, options),
        QueueModule.forRoot({ config }),
        OutboxModule.forRoot({ destinations: [config.EVENTS_QUEUE] }),
        AuthModule.forRoot(config),
        HealthModule.forRoot(),
        IdempotencyModule.forRoot(),
        GraphQLModule.forRoot<ApolloFederationDriverConfig>(subgraphOptions(config)),
        RuleSetsModule,
        ScreeningsModule,
      ],
      providers: [BuiltInRuleSetsLoader],
    };
  }
}

import type { ApolloFederationDriverConfig } from '@nestjs/apollo';
import { Module, type DynamicModule } from '@nestjs/common';
import { GraphQLModule } from '@nestjs/graphql';
import { AuthModule, Clock, CoreModule, DatabaseModule, HealthModule, IdempotencyModule, OutboxModule, QueueModule, subgraphOptions } from '@inps/shared';
import { questionnaireDatabase } from './migrations';
import { BuiltInRuleSetsLoader } from './modules/rulesets/builtin-rulesets.loader';
import { RuleSetsModule } from './modules/rulesets/rulesets.module';
import { ScreeningsGraphQLModule, ScreeningsModule } from './modules/screenings/screenings.module';
import { SheetsModule } from './modules/sheets/sheets.module';
import { AgreementsAccess, InternalAccess, ResumeCodeKey, ScreeningLifetimes, SheetRendering, type QuestionnaireConfig } from './questionnaire.config';

export interface AppModuleOptions {
  /** A FixedClock in tests. */
  readonly clock?: Clock;
}

/** Configuration, clock and database: what both the API and the worker need. */
export function questionnaireCore(config: QuestionnaireConfig, options: AppModuleOptions = {}): DynamicModule[] {
  return [
    CoreModule.forRoot(config, { clock: options.clock }),
    DatabaseModule.forRoot({
      url: config.DATABASE_URL,
      migrate: config.DATABASE_MIGRATE,
      poolSize: config.DATABASE_POOL_SIZE,
      ...questionnaireDatabase(config.RESUME_CODE_PEPPER),
    }),
    {
      module: class ScreeningLifetimesModule {},
      global: true,
      providers: [
        { provide: ScreeningLifetimes, useValue: ScreeningLifetimes.from(config) },
        { provide: ResumeCodeKey, useValue: ResumeCodeKey.from(config) },
        { provide: InternalAccess, useValue: InternalAccess.from(config) },
        { provide: AgreementsAccess, useValue: AgreementsAccess.from(config) },
        { provide: SheetRendering, useValue: SheetRendering.from(config) },
      ],
      exports: [ScreeningLifetimes, ResumeCodeKey, InternalAccess, AgreementsAccess, SheetRendering],
    },
  ];
}

@Module({})
export class AppModule {
  static forRoot(config: QuestionnaireConfig, options: AppModuleOptions = {}): DynamicModule {
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
        ScreeningsGraphQLModule,
        SheetsModule,
      ],
      providers: [BuiltInRuleSetsLoader],
    };
  }
}

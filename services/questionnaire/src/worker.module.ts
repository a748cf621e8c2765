import { Module, type DynamicModule } from '@nestjs/common';
import { JobsModule, OutboxModule, QueueModule } from '@inps/shared';
import { questionnaireCore, type AppModuleOptions } from './app.module';
import { Housekeeping } from './modules/housekeeping/housekeeping';
import { ScreeningsModule } from './modules/screenings/screenings.module';
import type { QuestionnaireConfig } from './questionnaire.config';

/** The questionnaire's background jobs: no HTTP, the same database and queue settings as the API. */
@Module({})
export class WorkerModule {
  static forRoot(config: QuestionnaireConfig, options: AppModuleOptions = {}): DynamicModule {
    return {
      module: WorkerModule,
      // The worker relays outbox rows too: events still leave when every API replica is down.
      imports: [
        ...questionnaireCore(config, options),
        QueueModule.forRoot({ config }),
        OutboxModule.forRoot({ destinations: [config.EVENTS_QUEUE] }),
        JobsModule.forWorker(),
        ScreeningsModule,
      ],
      providers: [Housekeeping],
    };
  }
}

import { Module, type DynamicModule } from '@nestjs/common';
import type { AgreementsConfigValues } from './agreements.config';
import { agreementsCore, type AppModuleOptions } from './app.module';
import { AgreementsService } from './modules/agreements/agreements.service';
import { AgreementJobsProcessor } from './modules/scheduler/agreement-jobs.processor';
import { AgreementScheduler } from './modules/scheduler/agreement-scheduler.service';

export interface WorkerModuleOptions extends AppModuleOptions {
  /** Tests drive the scheduler directly and leave the BullMQ worker out. */
  readonly processJobs?: boolean;
}

@Module({})
export class WorkerModule {
  static forRoot(config: AgreementsConfigValues, options: WorkerModuleOptions = {}): DynamicModule {
    return {
      module: WorkerModule,
      imports: agreementsCore(config, options),
      providers: [AgreementsService, AgreementScheduler, ...(options.processJobs === false ? [] : [AgreementJobsProcessor])],
      exports: [AgreementScheduler],
    };
  }
}

import { Module, type DynamicModule } from '@nestjs/common';
import { JobsModule } from '@inps/shared';
import type { AgreementsConfig } from './agreements.config';
import { agreementsCore, type AppModuleOptions } from './app.module';
import { AgreementsService } from './modules/agreements/agreements.service';
import { AgreementScheduler } from './modules/scheduler/agreement-scheduler.service';

export interface WorkerModuleOptions extends AppModuleOptions {
  /** Tests drive the scheduler directly and leave the BullMQ workers out (schedules are still registered). */
  readonly processJobs?: boolean;
}

@Module({})
export class WorkerModule {
  static forRoot(config: AgreementsConfig, options: WorkerModuleOptions = {}): DynamicModule {
    return {
      module: WorkerModule,
      imports: [...agreementsCore(config, options), JobsModule.forWorker({ workers: options.processJobs !== false })],
      providers: [AgreementsService, AgreementScheduler],
      exports: [AgreementScheduler],
    };
  }
}

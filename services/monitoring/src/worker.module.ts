import { Module, type DynamicModule } from '@nestjs/common';
import { JobsModule } from '@inps/shared';
import { monitoringCore, type MonitoringModuleOptions } from './app.module';
import type { MonitoringConfig } from './monitoring.config';
import { EventsModule } from './modules/events/events.module';
import { ReportsWorkerModule } from './modules/reports/reports-worker.module';

/** The worker process: consumes the events queue and runs the report jobs; no HTTP. */
@Module({})
export class WorkerModule {
  static forRoot(config: MonitoringConfig, options: MonitoringModuleOptions = {}): DynamicModule {
    return { module: WorkerModule, imports: [...monitoringCore(config, options), JobsModule.forWorker(), EventsModule, ReportsWorkerModule] };
  }
}

import 'reflect-metadata';
import { bootstrapWorker, exitOnStartFailure } from '@inps/shared';
import { monitoringConfig } from './monitoring.config';
import { WorkerModule } from './worker.module';

void bootstrapWorker((config) => WorkerModule.forRoot(config), { config: monitoringConfig }).catch(exitOnStartFailure);

import 'reflect-metadata';
import { bootstrapWorker, exitOnStartFailure } from '@inps/shared';
import { agreementsConfig } from './agreements.config';
import { WorkerModule } from './worker.module';

void bootstrapWorker((config) => WorkerModule.forRoot(config), { config: agreementsConfig }).catch(exitOnStartFailure);

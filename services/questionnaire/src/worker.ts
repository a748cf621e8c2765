import 'reflect-metadata';
import { bootstrapWorker, exitOnStartFailure } from '@inps/shared';
import { questionnaireConfig } from './questionnaire.config';
import { WorkerModule } from './worker.module';

void bootstrapWorker((config) => WorkerModule.forRoot(config), { config: questionnaireConfig }).catch(exitOnStartFailure);

import 'reflect-metadata';
import { bootstrapService, exitOnStartFailure } from '@inps/shared';
import { AppModule } from './app.module';
import { questionnaireConfig } from './questionnaire.config';

void bootstrapService((config) => AppModule.forRoot(config), {
  config: questionnaireConfig,
  openApi: { title: 'INPS per tutti: screening questionnaire', version: '1.0.0' },
}).catch(exitOnStartFailure);

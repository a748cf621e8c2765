import 'reflect-metadata';
import { bootstrapService, exitOnStartFailure } from '@inps/shared';
import { AppModule } from './app.module';
import { monitoringConfig } from './monitoring.config';

void bootstrapService((config) => AppModule.forRoot(config), {
  config: monitoringConfig,
  openApi: { title: 'INPS per tutti: monitoring', version: '1.0.0' },
}).catch(exitOnStartFailure);

import 'reflect-metadata';
import { bootstrapService } from '@inps/shared';
import { AppModule } from './app.module';
import { monitoringConfig } from './monitoring.config';

void bootstrapService((config) => AppModule.forRoot(config), {
  config: monitoringConfig,
  openApi: { title: 'INPS per tutti: monitoring', version: '1.0.0' },
});

import 'reflect-metadata';
import { bootstrapService } from '@inps/shared';
import { agreementsConfig } from './agreements.config';
import { AppModule } from './app.module';

void bootstrapService((config) => AppModule.forRoot(config), {
  config: agreementsConfig,
  openApi: { title: 'INPS per tutti: agreements registry', version: '1.0.0' },
});

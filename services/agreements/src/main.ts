import 'reflect-metadata';
import { bootstrapService, exitOnStartFailure } from '@inps/shared';
import { agreementsConfig } from './agreements.config';
import { AppModule } from './app.module';
import { DOCUMENT_UPLOAD_ROUTE } from './modules/documents/document-format';

void bootstrapService((config) => AppModule.forRoot(config), {
  config: agreementsConfig,
  openApi: { title: 'INPS per tutti: agreements registry', version: '1.0.0' },
  // Agreement documents are uploaded as the raw body, typed by their Content-Type.
  rawBodyRoutes: [DOCUMENT_UPLOAD_ROUTE],
}).catch(exitOnStartFailure);

import { Global, Module } from '@nestjs/common';
import { ReferenceDataController } from './reference-data.controller';
import { ReferenceDataService } from './reference-data.service';
import { ReferenceDataSync } from './reference-data.sync';

/** Global: every feature checks territories and organisations through it. */
@Global()
@Module({
  controllers: [ReferenceDataController],
  providers: [ReferenceDataService, ReferenceDataSync],
  exports: [ReferenceDataService, ReferenceDataSync],
})
export class ReferenceDataModule {}

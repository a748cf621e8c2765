import { Module } from '@nestjs/common';
import { AgreementsRegistryService } from './agreements-registry.service';

@Module({ providers: [AgreementsRegistryService], exports: [AgreementsRegistryService] })
export class AgreementsRegistryModule {}

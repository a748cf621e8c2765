import { ReferencePrincipal } from '@inps/shared';
import { Module } from '@nestjs/common';
import { AgreementsController } from './agreements.controller';
import { AgreementsResolver } from './agreements.resolver';
import { AgreementsService } from './agreements.service';

@Module({
  controllers: [AgreementsController],
  providers: [AgreementsService, AgreementsResolver, ReferencePrincipal],
  exports: [AgreementsService],
})
export class AgreementsModule {}

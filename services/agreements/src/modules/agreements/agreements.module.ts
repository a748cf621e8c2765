import { ReferencePrincipal } from '@inps/shared';
import { Module } from '@nestjs/common';
import { AgreementsController } from './agreements.controller';
import { AgreementsResolver } from './agreements.resolver';
import { AgreementsService } from './agreements.service';
import { OutreachEventsModule } from '../outreach-events/outreach-events.module';
import { TechnicalTablesModule } from '../technical-tables/technical-tables.module';

@Module({
  imports: [OutreachEventsModule, TechnicalTablesModule],
  controllers: [AgreementsController],
  providers: [AgreementsService, AgreementsResolver, ReferencePrincipal],
  exports: [AgreementsService],
})
export class AgreementsModule {}

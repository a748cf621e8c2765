import { ReferencePrincipal } from '@inps/shared';
import { Module } from '@nestjs/common';
import { AgreementsModule } from '../agreements/agreements.module';
import { DocumentsController } from './documents.controller';
import { DocumentsResolver, TableMeetingMinutesResolver } from './documents.resolver';
import { DocumentsService } from './documents.service';

@Module({
  imports: [AgreementsModule],
  controllers: [DocumentsController],
  providers: [DocumentsService, DocumentsResolver, TableMeetingMinutesResolver, ReferencePrincipal],
})
export class DocumentsModule {}

import { Module } from '@nestjs/common';
import { OutreachEventsController } from './outreach-events.controller';
import { OutreachEventsResolver } from './outreach-events.resolver';
import { OutreachEventsService } from './outreach-events.service';

@Module({
  controllers: [OutreachEventsController],
  providers: [OutreachEventsService, OutreachEventsResolver],
  exports: [OutreachEventsService],
})
export class OutreachEventsModule {}

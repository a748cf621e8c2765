import { Module } from '@nestjs/common';
import { OutreachEventsController } from './outreach-events.controller';
import { OutreachEventsService } from './outreach-events.service';

@Module({
  controllers: [OutreachEventsController],
  providers: [OutreachEventsService],
  exports: [OutreachEventsService],
})
export class OutreachEventsModule {}

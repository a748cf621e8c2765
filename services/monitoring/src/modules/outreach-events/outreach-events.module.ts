import { Module } from '@nestjs/common';
import { OutreachEventsService } from './outreach-events.service';

@Module({ providers: [OutreachEventsService], exports: [OutreachEventsService] })
export class OutreachEventsModule {}

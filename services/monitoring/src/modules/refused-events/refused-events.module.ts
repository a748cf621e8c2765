import { Module } from '@nestjs/common';
import { RefusedEventsController } from './refused-events.controller';
import { RefusedEventsService } from './refused-events.service';

/** The console's view of the events the worker refused, and their retry (central only). */
@Module({ controllers: [RefusedEventsController], providers: [RefusedEventsService] })
export class RefusedEventsModule {}

import { Module } from '@nestjs/common';
import { AgreementsRegistryModule } from '../agreements-registry/agreements-registry.module';
import { OutcomesModule } from '../outcomes/outcomes.module';
import { OutreachEventsModule } from '../outreach-events/outreach-events.module';
import { EventsConsumer } from './events.consumer';

@Module({
  imports: [OutcomesModule, AgreementsRegistryModule, OutreachEventsModule],
  providers: [EventsConsumer],
  exports: [EventsConsumer],
})
export class EventsModule {}

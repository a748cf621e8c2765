import { Module } from '@nestjs/common';
import { AgreementsRegistryModule } from '../agreements-registry/agreements-registry.module';
import { EscalatedIssuesModule } from '../escalated-issues/escalated-issues.module';
import { GovernanceEventsModule } from '../governance-events/governance-events.module';
import { MobileUnitRequestsModule } from '../mobile-unit-requests/mobile-unit-requests.module';
import { OutcomesModule } from '../outcomes/outcomes.module';
import { OutreachEventsModule } from '../outreach-events/outreach-events.module';
import { EventsConsumer } from './events.consumer';
import { RollupFoldSchedule } from './rollup-fold.schedule';

@Module({
  imports: [OutcomesModule, AgreementsRegistryModule, OutreachEventsModule, MobileUnitRequestsModule, EscalatedIssuesModule, GovernanceEventsModule],
  providers: [EventsConsumer, RollupFoldSchedule],
  exports: [EventsConsumer],
})
export class EventsModule {}

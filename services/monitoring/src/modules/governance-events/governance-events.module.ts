import { Module } from '@nestjs/common';
import { GovernanceEventsService } from './governance-events.service';

@Module({ providers: [GovernanceEventsService], exports: [GovernanceEventsService] })
export class GovernanceEventsModule {}

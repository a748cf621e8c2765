import { Module } from '@nestjs/common';
import { OutreachEventsModule } from '../outreach-events/outreach-events.module';
import { MobileUnitRequestsController } from './mobile-unit-requests.controller';
import { MobileUnitRequestsResolver } from './mobile-unit-requests.resolver';
import { MobileUnitRequestsService } from './mobile-unit-requests.service';

@Module({
  imports: [OutreachEventsModule],
  controllers: [MobileUnitRequestsController],
  providers: [MobileUnitRequestsService, MobileUnitRequestsResolver],
})
export class MobileUnitRequestsModule {}

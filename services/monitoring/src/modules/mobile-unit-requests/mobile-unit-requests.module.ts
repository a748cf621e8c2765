import { Module } from '@nestjs/common';
import { MobileUnitRequestsService } from './mobile-unit-requests.service';

@Module({ providers: [MobileUnitRequestsService], exports: [MobileUnitRequestsService] })
export class MobileUnitRequestsModule {}

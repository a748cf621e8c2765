import { Module } from '@nestjs/common';
import { FollowUpsController } from './follow-ups.controller';
import { FollowUpsService } from './follow-ups.service';

@Module({ controllers: [FollowUpsController], providers: [FollowUpsService] })
export class FollowUpsModule {}

import { Module } from '@nestjs/common';
import { FollowUpsController } from './follow-ups.controller';
import { FollowUpsResolver } from './follow-ups.resolver';
import { FollowUpsService } from './follow-ups.service';
import { QuestionnaireClient } from './questionnaire.client';

@Module({ controllers: [FollowUpsController], providers: [FollowUpsService, FollowUpsResolver, QuestionnaireClient] })
export class FollowUpsModule {}

import { Module } from '@nestjs/common';
import { FollowUpsController } from './follow-ups.controller';
import { FollowUpsService } from './follow-ups.service';
import { QuestionnaireClient } from './questionnaire.client';

@Module({ controllers: [FollowUpsController], providers: [FollowUpsService, QuestionnaireClient] })
export class FollowUpsModule {}

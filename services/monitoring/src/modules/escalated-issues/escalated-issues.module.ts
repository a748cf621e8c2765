import { Module } from '@nestjs/common';
import { EscalatedIssuesService } from './escalated-issues.service';

@Module({ providers: [EscalatedIssuesService], exports: [EscalatedIssuesService] })
export class EscalatedIssuesModule {}

import { Module } from '@nestjs/common';
import { ReportInputBuilder } from './report-input.builder';
import { ReportsProcessor } from './reports.processor';
import { ReportsService } from './reports.service';

/** The worker side: compiles report jobs, answers the semiannual schedule and puts back jobs the queue store lost. */
@Module({ providers: [ReportsService, ReportInputBuilder, ReportsProcessor], exports: [ReportsProcessor] })
export class ReportsWorkerModule {}

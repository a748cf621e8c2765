import { Module } from '@nestjs/common';
import { ReportInputBuilder } from './report-input.builder';
import { ReportsProcessor } from './reports.processor';
import { ReportsRepair } from './reports-repair';
import { ReportsService } from './reports.service';

/** The worker side: compiles report jobs, keeps the semiannual schedule and repairs jobs Redis lost. */
@Module({ providers: [ReportsService, ReportInputBuilder, ReportsProcessor, ReportsRepair], exports: [ReportsProcessor, ReportsRepair] })
export class ReportsWorkerModule {}

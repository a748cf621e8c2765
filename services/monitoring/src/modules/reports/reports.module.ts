import { Module } from '@nestjs/common';
import { ReportInputBuilder } from './report-input.builder';
import { ReportsController } from './reports.controller';
import { ReportsService } from './reports.service';

/** The API side: request, list and download reports. */
@Module({ controllers: [ReportsController], providers: [ReportsService, ReportInputBuilder], exports: [ReportsService, ReportInputBuilder] })
export class ReportsModule {}

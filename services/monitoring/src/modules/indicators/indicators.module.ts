import { Module } from '@nestjs/common';
import { ReportsModule } from '../reports/reports.module';
import { IndicatorsController } from './indicators.controller';
import { IndicatorsResolver } from './indicators.resolver';
import { IndicatorsService } from './indicators.service';

@Module({ imports: [ReportsModule], controllers: [IndicatorsController], providers: [IndicatorsService, IndicatorsResolver], exports: [IndicatorsService] })
export class IndicatorsModule {}

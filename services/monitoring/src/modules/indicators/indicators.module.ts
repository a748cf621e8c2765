import { Module } from '@nestjs/common';
import { ReportsModule } from '../reports/reports.module';
import { IndicatorsController } from './indicators.controller';
import { IndicatorsService } from './indicators.service';

@Module({ imports: [ReportsModule], controllers: [IndicatorsController], providers: [IndicatorsService], exports: [IndicatorsService] })
export class IndicatorsModule {}

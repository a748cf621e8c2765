import { Module } from '@nestjs/common';
import { RuleSetsModule } from '../rulesets/rulesets.module';
import { ScreeningController } from './screening.controller';
import { ScreeningResolver } from './screening.resolver';
import { ScreeningService } from './screening.service';

@Module({
  imports: [RuleSetsModule],
  controllers: [ScreeningController],
  providers: [ScreeningService, ScreeningResolver],
  exports: [ScreeningService],
})
export class ScreeningsModule {}

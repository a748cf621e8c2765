import { Module } from '@nestjs/common';
import { RuleSetController } from './ruleset.controller';
import { RuleSetResolver } from './ruleset.resolver';
import { RuleSetService } from './ruleset.service';

@Module({
  controllers: [RuleSetController],
  providers: [RuleSetService, RuleSetResolver],
  exports: [RuleSetService],
})
export class RuleSetsModule {}

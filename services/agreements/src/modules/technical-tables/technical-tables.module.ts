import { Module } from '@nestjs/common';
import { TechnicalTablesController } from './technical-tables.controller';
import { TechnicalTablesResolver } from './technical-tables.resolver';
import { TechnicalTablesService } from './technical-tables.service';

@Module({
  controllers: [TechnicalTablesController],
  providers: [TechnicalTablesService, TechnicalTablesResolver],
  exports: [TechnicalTablesService],
})
export class TechnicalTablesModule {}

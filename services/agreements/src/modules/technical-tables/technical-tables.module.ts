import { Module } from '@nestjs/common';
import { TechnicalTablesController } from './technical-tables.controller';
import { TechnicalTablesResolver } from './technical-tables.resolver';
import { TechnicalTablesService } from './technical-tables.service';
import { TableMembersController } from './table-members.controller';
import { TableMembersResolver } from './table-members.resolver';
import { TableMembersService } from './table-members.service';
import { TableMeetingsController } from './table-meetings.controller';
import { TableMeetingsResolver } from './table-meetings.resolver';
import { TableMeetingsService } from './table-meetings.service';
import { TableIssuesController } from './table-issues.controller';
import { TableIssuesResolver } from './table-issues.resolver';
import { TableIssuesService } from './table-issues.service';

/** Four aggregates, each with its service, controller and resolver: tables, members, meetings, issues. */
@Module({
  controllers: [TechnicalTablesController, TableMembersController, TableMeetingsController, TableIssuesController],
  providers: [
    TechnicalTablesService,
    TableMembersService,
    TableMeetingsService,
    TableIssuesService,
    TechnicalTablesResolver,
    TableMembersResolver,
    TableMeetingsResolver,
    TableIssuesResolver,
  ],
  exports: [TechnicalTablesService],
})
export class TechnicalTablesModule {}

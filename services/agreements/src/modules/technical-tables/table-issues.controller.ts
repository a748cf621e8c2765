import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, ParseUuidPipe, Roles, type Principal } from '@inps/shared';
import { TableIssue, TableIssuePage } from './dto/table-issue.view';
import { IssueQueryDto, IssueTransitionDto, RaiseIssueDto } from './dto/table-issue.dto';
import { TableIssuesService } from './table-issues.service';

@ApiTags('technical-tables')
@ApiBearerAuth()
@Controller('api/v1/technical-tables/:id/issues')
@Roles('central', 'dg', 'territorial', 'partner_admin', 'operator')
export class TableIssuesController {
  constructor(private readonly issues: TableIssuesService) {}

  @Get()
  @ApiOperation({ summary: 'Issues raised at the table' })
  @ApiOkResponse({ type: TableIssuePage })
  list(@Param('id', new ParseUuidPipe('id')) id: string, @Query() query: IssueQueryDto, @CurrentPrincipal() principal: Principal): Promise<TableIssuePage> {
    return this.issues.list(id, query, principal);
  }

  @Post()
  @Roles('central', 'territorial')
  @ApiOperation({ summary: 'Raise an issue at the table' })
  @ApiCreatedResponse({ type: TableIssue })
  raise(@Param('id', new ParseUuidPipe('id')) id: string, @Body() body: RaiseIssueDto, @CurrentPrincipal() principal: Principal): Promise<TableIssue> {
    return this.issues.raise(id, body, principal);
  }

  @Post(':issueId/transitions')
  @HttpCode(200)
  @Roles('central', 'territorial')
  @ApiOperation({ summary: 'resolve (note) or escalate to a CENTRAL table (centralTableId); only central resolves escalated issues' })
  @ApiOkResponse({ type: TableIssue })
  transition(
    @Param('id', new ParseUuidPipe('id')) id: string,
    @Param('issueId', new ParseUuidPipe('issueId')) issueId: string,
    @Body() body: IssueTransitionDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<TableIssue> {
    return this.issues.transition(id, issueId, body, principal);
  }
}

import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, ParseUuidPipe, Roles, type Principal } from '@inps/shared';
import { PageQueryDto } from '../../common/pagination.dto';
import {
  AddMemberDto,
  CreateTechnicalTableDto,
  EndMemberDto,
  IssueQueryDto,
  IssueTransitionDto,
  MeetingQueryDto,
  MeetingTransitionDto,
  PlanMeetingDto,
  RaiseIssueDto,
  TechnicalTableQueryDto,
  TechnicalTableTransitionDto,
} from './dto/technical-table.dto';
import { TechnicalTablesService } from './technical-tables.service';

@ApiTags('technical-tables')
@ApiBearerAuth()
@Controller('api/v1/technical-tables')
@Roles('central', 'dg', 'territorial', 'partner_admin', 'operator')
export class TechnicalTablesController {
  constructor(private readonly tables: TechnicalTablesService) {}

  @Post()
  @Roles('central', 'territorial')
  @ApiOperation({ summary: 'Set up a LOCAL table in one of your territories, or a CENTRAL one (central directorate only)' })
  create(@Body() body: CreateTechnicalTableDto, @CurrentPrincipal() principal: Principal) {
    return this.tables.create(body, principal);
  }

  @Get()
  @ApiOperation({ summary: 'Tables the caller may see (partners: those their organisation sits at)' })
  list(@Query() query: TechnicalTableQueryDto, @CurrentPrincipal() principal: Principal) {
    return this.tables.list(query, principal);
  }

  @Get(':id')
  @ApiOperation({ summary: 'A table, with the actions the caller may take now' })
  get(@Param('id', new ParseUuidPipe('id')) id: string, @CurrentPrincipal() principal: Principal) {
    return this.tables.get(id, principal);
  }

  @Post(':id/transitions')
  @HttpCode(200)
  @Roles('central', 'territorial')
  @ApiOperation({ summary: 'close or reopen; 409 with the allowed actions when refused' })
  transition(@Param('id', new ParseUuidPipe('id')) id: string, @Body() body: TechnicalTableTransitionDto, @CurrentPrincipal() principal: Principal) {
    return this.tables.transition(id, body, principal);
  }

  @Get(':id/members')
  @ApiOperation({ summary: 'Organisations and INPS units sitting at the table, with their role' })
  members(@Param('id', new ParseUuidPipe('id')) id: string, @Query() query: PageQueryDto, @CurrentPrincipal() principal: Principal) {
    return this.tables.members(id, query, principal);
  }

  @Post(':id/members')
  @Roles('central', 'territorial')
  @ApiOperation({ summary: 'Add an organisation and/or INPS unit with its role (chair, secretary, member, observer)' })
  addMember(@Param('id', new ParseUuidPipe('id')) id: string, @Body() body: AddMemberDto, @CurrentPrincipal() principal: Principal) {
    return this.tables.addMember(id, body, principal);
  }

  @Patch(':id/members/:memberId')
  @Roles('central', 'territorial')
  @ApiOperation({ summary: 'End a membership (validTo); members are never deleted, attendance refers to them' })
  endMember(
    @Param('id', new ParseUuidPipe('id')) id: string,
    @Param('memberId', new ParseUuidPipe('memberId')) memberId: string,
    @Body() body: EndMemberDto,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.tables.endMember(id, memberId, body, principal);
  }

  @Get(':id/meetings')
  @ApiOperation({ summary: 'Meetings of the table, by date' })
  meetings(@Param('id', new ParseUuidPipe('id')) id: string, @Query() query: MeetingQueryDto, @CurrentPrincipal() principal: Principal) {
    return this.tables.meetings(id, query, principal);
  }

  @Post(':id/meetings')
  @Roles('central', 'territorial')
  @ApiOperation({ summary: 'Plan a meeting: when, where or online, agenda' })
  planMeeting(@Param('id', new ParseUuidPipe('id')) id: string, @Body() body: PlanMeetingDto, @CurrentPrincipal() principal: Principal) {
    return this.tables.planMeeting(id, body, principal);
  }

  @Post(':id/meetings/:meetingId/transitions')
  @HttpCode(200)
  @Roles('central', 'territorial')
  @ApiOperation({ summary: 'mark_held (minutesDocumentId, attendeeIds) or cancel (comment); 409 with the allowed actions when refused' })
  transitionMeeting(
    @Param('id', new ParseUuidPipe('id')) id: string,
    @Param('meetingId', new ParseUuidPipe('meetingId')) meetingId: string,
    @Body() body: MeetingTransitionDto,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.tables.transitionMeeting(id, meetingId, body, principal);
  }

  @Get(':id/issues')
  @ApiOperation({ summary: 'Issues raised at the table' })
  issues(@Param('id', new ParseUuidPipe('id')) id: string, @Query() query: IssueQueryDto, @CurrentPrincipal() principal: Principal) {
    return this.tables.issues(id, query, principal);
  }

  @Post(':id/issues')
  @Roles('central', 'territorial')
  @ApiOperation({ summary: 'Raise an issue at the table' })
  raiseIssue(@Param('id', new ParseUuidPipe('id')) id: string, @Body() body: RaiseIssueDto, @CurrentPrincipal() principal: Principal) {
    return this.tables.raiseIssue(id, body, principal);
  }

  @Post(':id/issues/:issueId/transitions')
  @HttpCode(200)
  @Roles('central', 'territorial')
  @ApiOperation({ summary: 'resolve (note) or escalate to a CENTRAL table (centralTableId); only central resolves escalated issues' })
  transitionIssue(
    @Param('id', new ParseUuidPipe('id')) id: string,
    @Param('issueId', new ParseUuidPipe('issueId')) issueId: string,
    @Body() body: IssueTransitionDto,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.tables.transitionIssue(id, issueId, body, principal);
  }
}

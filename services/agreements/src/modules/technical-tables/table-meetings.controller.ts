import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, ParseUuidPipe, Roles, type Principal } from '@inps/shared';
import { TableMeeting, TableMeetingPage } from './dto/table-meeting.view';
import { MeetingQueryDto, MeetingTransitionDto, PlanMeetingDto } from './dto/table-meeting.dto';
import { TableMeetingsService } from './table-meetings.service';

@ApiTags('technical-tables')
@ApiBearerAuth()
@Controller('api/v1/technical-tables/:id/meetings')
@Roles('central', 'dg', 'territorial', 'partner_admin', 'operator')
export class TableMeetingsController {
  constructor(private readonly meetings: TableMeetingsService) {}

  @Get()
  @ApiOperation({ summary: 'Meetings of the table, by date' })
  @ApiOkResponse({ type: TableMeetingPage })
  list(@Param('id', new ParseUuidPipe('id')) id: string, @Query() query: MeetingQueryDto, @CurrentPrincipal() principal: Principal): Promise<TableMeetingPage> {
    return this.meetings.list(id, query, principal);
  }

  @Post()
  @Roles('central', 'territorial')
  @ApiOperation({ summary: 'Plan a meeting: when, where or online, agenda' })
  @ApiCreatedResponse({ type: TableMeeting })
  plan(@Param('id', new ParseUuidPipe('id')) id: string, @Body() body: PlanMeetingDto, @CurrentPrincipal() principal: Principal): Promise<TableMeeting> {
    return this.meetings.plan(id, body, principal);
  }

  @Post(':meetingId/transitions')
  @HttpCode(200)
  @Roles('central', 'territorial')
  @ApiOperation({ summary: 'mark_held (minutesDocumentId, attendeeIds) or cancel (comment); 409 with the allowed actions when refused' })
  @ApiOkResponse({ type: TableMeeting })
  transition(
    @Param('id', new ParseUuidPipe('id')) id: string,
    @Param('meetingId', new ParseUuidPipe('meetingId')) meetingId: string,
    @Body() body: MeetingTransitionDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<TableMeeting> {
    return this.meetings.transition(id, meetingId, body, principal);
  }
}

import { Body, Controller, Get, Header, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, ParseUuidPipe, Roles, type Principal } from '@inps/shared';
import {
  CalendarQueryDto,
  CreateOutreachEventDto,
  OutreachEventQueryDto,
  OutreachEventTransitionDto,
  RescheduleOutreachEventDto,
} from './dto/outreach-event.dto';
import { OutreachEvent, OutreachEventPage } from './dto/outreach-event.view';
import { OutreachEventsService } from './outreach-events.service';

@ApiTags('outreach-events')
@ApiBearerAuth()
@Controller('api/v1/outreach-events')
@Roles('central', 'dg', 'territorial', 'partner_admin', 'operator')
export class OutreachEventsController {
  constructor(private readonly events: OutreachEventsService) {}

  @Post()
  @Roles('central', 'territorial')
  @ApiOperation({ summary: 'Plan an outreach event in one of your territories' })
  @ApiCreatedResponse({ type: OutreachEvent })
  create(@Body() body: CreateOutreachEventDto, @CurrentPrincipal() principal: Principal): Promise<OutreachEvent> {
    return this.events.create(body, principal);
  }

  @Get()
  @ApiOperation({ summary: 'Events the caller may see, by start' })
  @ApiOkResponse({ type: OutreachEventPage })
  list(@Query() query: OutreachEventQueryDto, @CurrentPrincipal() principal: Principal): Promise<OutreachEventPage> {
    return this.events.list(query, principal);
  }

  // Declared before ':id' so that "calendar.ics" is not taken for an id.
  @Get('calendar.ics')
  @Header('content-type', 'text/calendar; charset=utf-8')
  @ApiProduces('text/calendar')
  @ApiOperation({ summary: 'iCalendar feed of the events the caller may see, by territory or organisation' })
  @ApiOkResponse({ description: 'an RFC 5545 calendar (VCALENDAR with a VEVENT per event)', schema: { type: 'string', example: 'BEGIN:VCALENDAR\r\n…' } })
  calendar(@Query() query: CalendarQueryDto, @CurrentPrincipal() principal: Principal): Promise<string> {
    return this.events.calendar(query, principal);
  }

  @Get(':id')
  @ApiOperation({ summary: 'An event, with whether it was communicated in time' })
  @ApiOkResponse({ type: OutreachEvent })
  get(@Param('id', new ParseUuidPipe('id')) id: string, @CurrentPrincipal() principal: Principal): Promise<OutreachEvent> {
    return this.events.get(id, principal);
  }

  @Patch(':id')
  @Roles('central', 'territorial')
  @ApiOperation({ summary: 'Move an event (raises its calendar SEQUENCE)' })
  @ApiOkResponse({ type: OutreachEvent })
  reschedule(
    @Param('id', new ParseUuidPipe('id')) id: string,
    @Body() body: RescheduleOutreachEventDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<OutreachEvent> {
    return this.events.reschedule(id, body, principal);
  }

  @Post(':id/transitions')
  @HttpCode(200)
  @Roles('central', 'territorial')
  @ApiOperation({ summary: 'communicate, confirm, mark_held (with peopleContacted), cancel (with comment)' })
  @ApiOkResponse({ type: OutreachEvent })
  transition(
    @Param('id', new ParseUuidPipe('id')) id: string,
    @Body() body: OutreachEventTransitionDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<OutreachEvent> {
    return this.events.transition(id, body, principal);
  }
}

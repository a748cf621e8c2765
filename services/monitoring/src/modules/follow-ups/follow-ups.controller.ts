import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, ParseUuidPipe, Roles, type Principal } from '@inps/shared';
import { SemesterFilter } from '../../common/semester.args';
import { CreateFollowUpDto, UpdateResultDto } from './dto/follow-up.dto';
import { FollowUpView } from './dto/follow-up.response';
import { FollowUpsService } from './follow-ups.service';

@ApiTags('follow-ups')
@ApiBearerAuth()
@Controller('api/v1/follow-ups')
export class FollowUpsController {
  constructor(private readonly followUps: FollowUpsService) {}

  @Post()
  @Roles('partner_admin', 'operator', 'partner_app')
  @ApiOperation({ summary: 'Take in charge the person behind a completed screening: needs found and help given (codes only)' })
  @ApiCreatedResponse({ type: FollowUpView })
  create(@Body() body: CreateFollowUpDto, @CurrentPrincipal() principal: Principal | null): Promise<FollowUpView> {
    return this.followUps.create(principal, body);
  }

  @Patch(':id')
  @Roles('partner_admin', 'operator', 'partner_app')
  @ApiOperation({ summary: "Record INPS's decision on an application of the follow-up" })
  @ApiOkResponse({ type: FollowUpView })
  updateResult(
    @Param('id', new ParseUuidPipe('id')) id: string,
    @Body() body: UpdateResultDto,
    @CurrentPrincipal() principal: Principal | null,
  ): Promise<FollowUpView> {
    return this.followUps.updateResult(principal, id, body);
  }

  @Get()
  @ApiOperation({ summary: "Follow-ups: partners see their own, territorial users their territories', central all" })
  @ApiOkResponse({ type: [FollowUpView] })
  list(@Query() query: SemesterFilter, @CurrentPrincipal() principal: Principal | null): Promise<FollowUpView[]> {
    return this.followUps.list(principal, query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One follow-up' })
  @ApiOkResponse({ type: FollowUpView })
  get(@Param('id', new ParseUuidPipe('id')) id: string, @CurrentPrincipal() principal: Principal | null): Promise<FollowUpView> {
    return this.followUps.get(principal, id);
  }
}

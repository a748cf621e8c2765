import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, ParseUuidPipe, Roles, type Principal } from '@inps/shared';
import { CreateMobileUnitRequestDto, MobileUnitQueryDto, MobileUnitTransitionDto } from './dto/mobile-unit-request.dto';
import { MobileUnitRequest, MobileUnitRequestPage } from './dto/mobile-unit-request.view';
import { MobileUnitRequestsService } from './mobile-unit-requests.service';

@ApiTags('mobile-unit-requests')
@ApiBearerAuth()
@Controller('api/v1/mobile-unit-requests')
@Roles('central', 'dg', 'territorial')
export class MobileUnitRequestsController {
  constructor(private readonly requests: MobileUnitRequestsService) {}

  @Post()
  @Roles('central', 'territorial')
  @ApiOperation({ summary: 'Request a mobile unit for an event, at least 15 days ahead (central may override, giving a reason)' })
  @ApiCreatedResponse({ type: MobileUnitRequest })
  create(@Body() body: CreateMobileUnitRequestDto, @CurrentPrincipal() principal: Principal): Promise<MobileUnitRequest> {
    return this.requests.create(body, principal);
  }

  @Get()
  @Roles('central', 'dg', 'territorial', 'partner_admin', 'operator')
  @ApiOperation({ summary: 'Requests the caller may see, by event date (partners: those under agreements their organisation is party to, read only)' })
  @ApiOkResponse({ type: MobileUnitRequestPage })
  list(@Query() query: MobileUnitQueryDto, @CurrentPrincipal() principal: Principal): Promise<MobileUnitRequestPage> {
    return this.requests.list(query, principal);
  }

  @Get(':id')
  @Roles('central', 'dg', 'territorial', 'partner_admin', 'operator')
  @ApiOperation({ summary: 'A mobile-unit request' })
  @ApiOkResponse({ type: MobileUnitRequest })
  get(@Param('id', new ParseUuidPipe('id')) id: string, @CurrentPrincipal() principal: Principal): Promise<MobileUnitRequest> {
    return this.requests.get(id, principal);
  }

  @Post(':id/transitions')
  @HttpCode(200)
  @Roles('central', 'territorial')
  @ApiOperation({ summary: 'approve, reject (comment), assign (unit), fulfil, cancel (comment)' })
  @ApiOkResponse({ type: MobileUnitRequest })
  transition(
    @Param('id', new ParseUuidPipe('id')) id: string,
    @Body() body: MobileUnitTransitionDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<MobileUnitRequest> {
    return this.requests.transition(id, body, principal);
  }
}

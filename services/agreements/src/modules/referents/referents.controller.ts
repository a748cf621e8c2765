import { Body, Controller, Get, Param, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, ParseUuidPipe, Roles, type Principal } from '@inps/shared';
import { CloseReferentDto, CreateReferentDto } from './dto/referent.dto';
import { Referent, ReferentList } from './dto/referent.view';
import { ReferentsService } from './referents.service';

@ApiTags('referents')
@ApiBearerAuth()
@Controller('api/v1')
@Roles('central', 'territorial')
export class ReferentsController {
  constructor(private readonly referents: ReferentsService) {}

  @Get('inps-units/:unitId/referents')
  @ApiOperation({ summary: 'Referents of a unit, by role and start' })
  @ApiOkResponse({ type: ReferentList })
  list(@Param('unitId') unitId: string, @CurrentPrincipal() principal: Principal): Promise<ReferentList> {
    return this.referents.list(unitId, principal);
  }

  @Post('inps-units/:unitId/referents')
  @ApiOperation({ summary: 'Name a referent; at most one primary per unit and role on any day (409 otherwise)' })
  @ApiCreatedResponse({ type: Referent })
  create(@Param('unitId') unitId: string, @Body() body: CreateReferentDto, @CurrentPrincipal() principal: Principal): Promise<Referent> {
    return this.referents.create(unitId, body, principal);
  }

  @Patch('referents/:id')
  @ApiOperation({ summary: 'End a referent’s term' })
  @ApiOkResponse({ type: Referent })
  close(@Param('id', new ParseUuidPipe('id')) id: string, @Body() body: CloseReferentDto, @CurrentPrincipal() principal: Principal): Promise<Referent> {
    return this.referents.close(id, body, principal);
  }
}

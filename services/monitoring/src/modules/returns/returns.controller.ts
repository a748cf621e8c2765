import { Body, Controller, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles, type Principal } from '@inps/shared';
import { ListReturnsQuery, TransitionDto } from './dto/return.dto';
import { ReturnView, ReturnWithHistoryView } from './dto/return.response';
import { ReturnsService } from './returns.service';

@ApiTags('returns')
@ApiBearerAuth()
@Controller('api/v1/returns')
export class ReturnsController {
  constructor(private readonly returns: ReturnsService) {}

  @Get()
  @ApiOperation({ summary: 'Returns: partners their own, territorial users their territories, central all' })
  @ApiOkResponse({ type: [ReturnView] })
  list(@Query() query: ListReturnsQuery, @CurrentPrincipal() principal: Principal | null): Promise<ReturnView[]> {
    return this.returns.list(principal, query);
  }

  @Get(':organisationId/:territory/:semester')
  @ApiOperation({ summary: 'One return with its workflow history' })
  @ApiOkResponse({ type: ReturnWithHistoryView })
  get(
    @Param('organisationId') org: string,
    @Param('territory') territory: string,
    @Param('semester') semester: string,
    @CurrentPrincipal() principal: Principal | null,
  ): Promise<ReturnWithHistoryView> {
    return this.returns.get(principal, this.returns.parseKey(org, territory, semester));
  }

  @Put(':organisationId/:territory/:semester')
  @Roles('partner_admin', 'partner_app')
  @ApiOperation({ summary: 'Save the draft figures of a return (data set of domain/return-dataset.ts), after the semester has ended' })
  @ApiBody({ schema: { type: 'object', properties: { datasetVersion: { type: 'string', example: '2026.1' }, values: { type: 'object' } } } })
  @ApiOkResponse({ type: ReturnView })
  save(
    @Param('organisationId') org: string,
    @Param('territory') territory: string,
    @Param('semester') semester: string,
    @Body() body: unknown,
    @CurrentPrincipal() principal: Principal | null,
  ): Promise<ReturnView> {
    return this.returns.saveDraft(principal, this.returns.parseKey(org, territory, semester), body);
  }

  @Post(':organisationId/:territory/:semester/transitions')
  @HttpCode(200)
  @ApiOperation({ summary: 'submit (partner), accept or return with a comment (central, territorial), reopen an accepted return (central, audited)' })
  @ApiOkResponse({ type: ReturnView })
  transition(
    @Param('organisationId') org: string,
    @Param('territory') territory: string,
    @Param('semester') semester: string,
    @Body() body: TransitionDto,
    @CurrentPrincipal() principal: Principal | null,
  ): Promise<ReturnView> {
    return this.returns.transition(principal, this.returns.parseKey(org, territory, semester), body);
  }
}

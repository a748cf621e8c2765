import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, ParseUuidPipe, Roles, type Principal } from '@inps/shared';
import { AgreementsService } from './agreements.service';
import { AgreementQueryDto, CreateAgreementDto, EditAgreementDto, RenewAgreementDto, TransitionDto } from './dto/agreement.dto';
import { Agreement, AgreementHistory, AgreementList, AgreementPage } from './dto/agreement.view';

@ApiTags('agreements')
@ApiBearerAuth()
@Controller('api/v1/agreements')
@Roles('central', 'dg', 'territorial', 'partner_admin', 'operator')
export class AgreementsController {
  constructor(private readonly agreements: AgreementsService) {}

  @Post()
  @Roles('central', 'territorial')
  @ApiOperation({ summary: 'Record a draft agreement (territorial staff within their territories; frameworks by the central directorate)' })
  @ApiCreatedResponse({ type: Agreement })
  create(@Body() body: CreateAgreementDto, @CurrentPrincipal() principal: Principal): Promise<Agreement> {
    return this.agreements.create(body, principal);
  }

  @Get()
  @ApiOperation({ summary: 'Agreements the caller may see, filtered and sorted' })
  @ApiOkResponse({ type: AgreementPage })
  list(@Query() query: AgreementQueryDto, @CurrentPrincipal() principal: Principal): Promise<AgreementPage> {
    return this.agreements.list(query, principal);
  }

  @Get(':id')
  @ApiOperation({ summary: 'An agreement, with the actions the caller may take now' })
  @ApiOkResponse({ type: Agreement })
  get(@Param('id', new ParseUuidPipe('id')) id: string, @CurrentPrincipal() principal: Principal): Promise<Agreement> {
    return this.agreements.get(id, principal);
  }

  @Patch(':id')
  @Roles('central', 'territorial')
  @ApiOperation({
    summary: 'Edit a draft (DRAFT or CHANGES_REQUESTED) with the checks of a creation; 409 on a stale version or once submitted; recorded in the history',
  })
  @ApiOkResponse({ type: Agreement })
  edit(@Param('id', new ParseUuidPipe('id')) id: string, @Body() body: EditAgreementDto, @CurrentPrincipal() principal: Principal): Promise<Agreement> {
    return this.agreements.edit(id, body, principal);
  }

  @Post(':id/transitions')
  @HttpCode(200)
  @Roles('central', 'dg', 'territorial')
  @ApiOperation({ summary: 'Move the agreement through its workflow; 409 with the allowed actions when refused, 409 on a stale version' })
  @ApiOkResponse({ type: Agreement })
  transition(@Param('id', new ParseUuidPipe('id')) id: string, @Body() body: TransitionDto, @CurrentPrincipal() principal: Principal): Promise<Agreement> {
    return this.agreements.transition(id, body, principal);
  }

  @Post(':id/amendments')
  @Roles('central', 'territorial')
  @ApiOperation({ summary: 'Draft an amendment of a signed or active agreement (reviewed again only if flags or scope change)' })
  @ApiCreatedResponse({ type: Agreement })
  amend(@Param('id', new ParseUuidPipe('id')) id: string, @Body() body: CreateAgreementDto, @CurrentPrincipal() principal: Principal): Promise<Agreement> {
    return this.agreements.amend(id, body, principal);
  }

  @Post(':id/renewals')
  @Roles('central', 'territorial')
  @ApiOperation({ summary: 'Draft the renewal of a signed or active agreement: from the day after it ends, within the renewals its text allows' })
  @ApiCreatedResponse({ type: Agreement })
  renew(@Param('id', new ParseUuidPipe('id')) id: string, @Body() body: RenewAgreementDto, @CurrentPrincipal() principal: Principal): Promise<Agreement> {
    return this.agreements.renew(id, body, principal);
  }

  @Get(':id/amendments')
  @ApiOperation({ summary: 'Amendments drafted for an agreement' })
  @ApiOkResponse({ type: AgreementList })
  amendments(@Param('id', new ParseUuidPipe('id')) id: string, @CurrentPrincipal() principal: Principal): Promise<AgreementList> {
    return this.agreements.amendments(id, principal);
  }

  @Get(':id/history')
  @ApiOperation({ summary: 'Every transition: who, when, from, to, comment' })
  @ApiOkResponse({ type: AgreementHistory })
  history(@Param('id', new ParseUuidPipe('id')) id: string, @CurrentPrincipal() principal: Principal): Promise<AgreementHistory> {
    return this.agreements.history(id, principal);
  }
}

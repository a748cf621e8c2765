import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, ParseUuidPipe, Roles, type Principal } from '@inps/shared';
import { AgreementsService } from './agreements.service';
import { AgreementQueryDto, CreateAgreementDto, RenewAgreementDto, TransitionDto } from './dto/agreement.dto';

@ApiTags('agreements')
@ApiBearerAuth()
@Controller('api/v1/agreements')
@Roles('central', 'dg', 'territorial', 'partner_admin', 'operator')
export class AgreementsController {
  constructor(private readonly agreements: AgreementsService) {}

  @Post()
  @Roles('central', 'territorial')
  @ApiOperation({ summary: 'Record a draft agreement (territorial staff within their territories; frameworks by the central directorate)' })
  create(@Body() body: CreateAgreementDto, @CurrentPrincipal() principal: Principal) {
    return this.agreements.create(body, principal);
  }

  @Get()
  @ApiOperation({ summary: 'Agreements the caller may see, filtered and sorted' })
  list(@Query() query: AgreementQueryDto, @CurrentPrincipal() principal: Principal) {
    return this.agreements.list(query, principal);
  }

  @Get(':id')
  @ApiOperation({ summary: 'An agreement, with the actions the caller may take now' })
  get(@Param('id', new ParseUuidPipe('id')) id: string, @CurrentPrincipal() principal: Principal) {
    return this.agreements.get(id, principal);
  }

  @Post(':id/transitions')
  @HttpCode(200)
  @Roles('central', 'dg', 'territorial')
  @ApiOperation({ summary: 'Move the agreement through its workflow; 409 with the allowed actions when refused, 409 on a stale version' })
  transition(@Param('id', new ParseUuidPipe('id')) id: string, @Body() body: TransitionDto, @CurrentPrincipal() principal: Principal) {
    return this.agreements.transition(id, body, principal);
  }

  @Post(':id/amendments')
  @Roles('central', 'territorial')
  @ApiOperation({ summary: 'Draft an amendment of a signed or active agreement (reviewed again only if flags or scope change)' })
  amend(@Param('id', new ParseUuidPipe('id')) id: string, @Body() body: CreateAgreementDto, @CurrentPrincipal() principal: Principal) {
    return this.agreements.amend(id, body, principal);
  }

  @Post(':id/renewals')
  @Roles('central', 'territorial')
  @ApiOperation({ summary: 'Draft the renewal of a signed or active agreement: from the day after it ends, within the renewals its text allows' })
  renew(@Param('id', new ParseUuidPipe('id')) id: string, @Body() body: RenewAgreementDto, @CurrentPrincipal() principal: Principal) {
    return this.agreements.renew(id, body, principal);
  }

  @Get(':id/amendments')
  @ApiOperation({ summary: 'Amendments drafted for an agreement' })
  amendments(@Param('id', new ParseUuidPipe('id')) id: string, @CurrentPrincipal() principal: Principal) {
    return this.agreements.amendments(id, principal);
  }

  @Get(':id/history')
  @ApiOperation({ summary: 'Every transition: who, when, from, to, comment' })
  history(@Param('id', new ParseUuidPipe('id')) id: string, @CurrentPrincipal() principal: Principal) {
    return this.agreements.history(id, principal);
  }
}

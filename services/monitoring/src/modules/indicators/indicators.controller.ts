import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, type Principal } from '@inps/shared';
import { IndicatorsQuery } from './dto/indicators.dto';
import { IndicatorsView } from './dto/indicators.response';
import { IndicatorsService } from './indicators.service';

@ApiTags('indicators')
@ApiBearerAuth()
@Controller('api/v1/indicators')
export class IndicatorsController {
  constructor(private readonly indicators: IndicatorsService) {}

  @Get()
  @ApiOperation({ summary: "A semester's indicators for Italy or a territory (partners: small counts suppressed, internal indicators left out)" })
  @ApiOkResponse({ type: IndicatorsView })
  get(@Query() query: IndicatorsQuery, @CurrentPrincipal() principal: Principal | null): Promise<IndicatorsView> {
    return this.indicators.get(principal, query);
  }
}

import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, type Principal } from '@inps/shared';
import { IndicatorsQuery } from './dto/indicators.dto';
import { IndicatorsService } from './indicators.service';

@ApiTags('indicators')
@ApiBearerAuth()
@Controller('api/v1/indicators')
export class IndicatorsController {
  constructor(private readonly indicators: IndicatorsService) {}

  @Get()
  @ApiOperation({ summary: "A semester's indicators for Italy or a territory (partners: small counts suppressed, internal indicators left out)" })
  get(@Query() query: IndicatorsQuery, @CurrentPrincipal() principal: Principal | null) {
    return this.indicators.get(principal, query);
  }
}

import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { PageQueryDto, pageOf } from '../../common/pagination.dto';
import { TerritoryOnDto, TerritoryQueryDto } from './dto/territory-query.dto';
import { ReferenceDataService } from './reference-data.service';

// Reference data is not confidential but the API is for staff and partners: any valid token reads it.
@ApiTags('reference-data')
@ApiBearerAuth()
@Controller('api/v1')
export class ReferenceDataController {
  constructor(private readonly reference: ReferenceDataService) {}

  @Get('territories')
  @ApiOperation({ summary: 'Search territories by name or ISTAT code, optionally by level and day' })
  territories(@Query() query: TerritoryQueryDto) {
    return pageOf(this.reference.searchTerritories(query.q, query.level ? [query.level] : undefined, query.on), query);
  }

  @Get('territories/:code')
  @ApiOperation({ summary: 'A territory by ISTAT code, with its ancestors' })
  territory(@Param('code') code: string, @Query() query: TerritoryOnDto) {
    const t = this.reference.territory(code, query.on);
    return { ...t, ancestors: this.reference.territories.ancestorCodes(code) ?? [] };
  }

  @Get('organisations')
  @ApiOperation({ summary: 'Partner organisations' })
  organisations(@Query() query: PageQueryDto) {
    return pageOf(this.reference.organisations, query);
  }

  @Get('inps-units')
  @ApiOperation({ summary: 'INPS units and the territories they cover' })
  inpsUnits(@Query() query: PageQueryDto) {
    return pageOf(this.reference.inpsUnits, query);
  }
}

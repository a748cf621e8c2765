import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { PageQueryDto, pageOf } from '../../common/pagination.dto';
import { InpsUnitPage, OrganisationPage, TerritoryPage, TerritoryWithAncestors } from './dto/reference-data.view';
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
  @ApiOkResponse({ type: TerritoryPage })
  territories(@Query() query: TerritoryQueryDto): TerritoryPage {
    return pageOf(this.reference.searchTerritories(query.q, query.level ? [query.level] : undefined, query.on), query);
  }

  @Get('territories/:code')
  @ApiOperation({ summary: 'A territory by ISTAT code, with its ancestors' })
  @ApiOkResponse({ type: TerritoryWithAncestors })
  territory(@Param('code') code: string, @Query() query: TerritoryOnDto): TerritoryWithAncestors {
    const t = this.reference.territory(code, query.on);
    return { ...t, ancestors: this.reference.territories.ancestorCodes(code) ?? [] };
  }

  @Get('organisations')
  @ApiOperation({ summary: 'Partner organisations' })
  @ApiOkResponse({ type: OrganisationPage })
  organisations(@Query() query: PageQueryDto): OrganisationPage {
    return pageOf(this.reference.organisations, query);
  }

  @Get('inps-units')
  @ApiOperation({ summary: 'INPS units and the territories they cover' })
  @ApiOkResponse({ type: InpsUnitPage })
  inpsUnits(@Query() query: PageQueryDto): InpsUnitPage {
    return pageOf(this.reference.inpsUnits, query);
  }
}

import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, ParseUuidPipe, Roles, type Principal } from '@inps/shared';
import { TechnicalTable, TechnicalTablePage } from './dto/technical-table.view';
import { CreateTechnicalTableDto, TechnicalTableQueryDto, TechnicalTableTransitionDto } from './dto/technical-table.dto';
import { TechnicalTablesService } from './technical-tables.service';

@ApiTags('technical-tables')
@ApiBearerAuth()
@Controller('api/v1/technical-tables')
@Roles('central', 'dg', 'territorial', 'partner_admin', 'operator')
export class TechnicalTablesController {
  constructor(private readonly tables: TechnicalTablesService) {}

  @Post()
  @Roles('central', 'territorial')
  @ApiOperation({ summary: 'Set up a LOCAL table in one of your territories, or a CENTRAL one (central directorate only)' })
  @ApiCreatedResponse({ type: TechnicalTable })
  create(@Body() body: CreateTechnicalTableDto, @CurrentPrincipal() principal: Principal): Promise<TechnicalTable> {
    return this.tables.create(body, principal);
  }

  @Get()
  @ApiOperation({ summary: 'Tables the caller may see (partners: those their organisation sits at)' })
  @ApiOkResponse({ type: TechnicalTablePage })
  list(@Query() query: TechnicalTableQueryDto, @CurrentPrincipal() principal: Principal): Promise<TechnicalTablePage> {
    return this.tables.list(query, principal);
  }

  @Get(':id')
  @ApiOperation({ summary: 'A table, with the actions the caller may take now' })
  @ApiOkResponse({ type: TechnicalTable })
  get(@Param('id', new ParseUuidPipe('id')) id: string, @CurrentPrincipal() principal: Principal): Promise<TechnicalTable> {
    return this.tables.get(id, principal);
  }

  @Post(':id/transitions')
  @HttpCode(200)
  @Roles('central', 'territorial')
  @ApiOperation({ summary: 'close or reopen; 409 with the allowed actions when refused' })
  @ApiOkResponse({ type: TechnicalTable })
  transition(
    @Param('id', new ParseUuidPipe('id')) id: string,
    @Body() body: TechnicalTableTransitionDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<TechnicalTable> {
    return this.tables.transition(id, body, principal);
  }
}

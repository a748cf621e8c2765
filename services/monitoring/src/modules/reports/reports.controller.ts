import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentPrincipal, ParseUuidPipe, Roles, type Principal } from '@inps/shared';
import { SemesterFilter } from '../../common/semester.args';
import { RequestReportDto } from './dto/report.dto';
import { ReportsService } from './reports.service';

@ApiTags('reports')
@ApiBearerAuth()
@Controller('api/v1/reports')
export class ReportsController {
  constructor(private readonly reports: ReportsService) {}

  @Post()
  @HttpCode(202)
  @Roles('central')
  @ApiOperation({ summary: 'Compile a semiannual report (national, or for a territory) in the background' })
  request(@Body() body: RequestReportDto, @CurrentPrincipal() principal: Principal | null) {
    return this.reports.request(principal, body);
  }

  @Get()
  @ApiOperation({ summary: 'Reports and their status' })
  list(@Query() query: SemesterFilter, @CurrentPrincipal() principal: Principal | null) {
    return this.reports.list(principal, query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'A report with its snapshot (partners: the suppressed partner view)' })
  get(@Param('id', new ParseUuidPipe('id')) id: string, @CurrentPrincipal() principal: Principal | null) {
    return this.reports.get(principal, id);
  }

  @Get(':id/files/:format')
  @ApiOperation({ summary: 'The report as json, csv, xlsx or pdf (partners: the partner view)' })
  async file(
    @Param('id', new ParseUuidPipe('id')) id: string,
    @Param('format') format: string,
    @CurrentPrincipal() principal: Principal | null,
    @Res() res: Response,
  ): Promise<void> {
    const file = await this.reports.file(principal, id, format);
    res.setHeader('content-type', file.contentType);
    res.setHeader('content-disposition', `attachment; filename="report-${id}-${file.variant}.${file.format}"`);
    res.send(file.content);
  }
}

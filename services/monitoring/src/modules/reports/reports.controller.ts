import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiExtraModels,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
  getSchemaPath,
  type ReferenceObject,
  type SchemaObject,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentPrincipal, ParseUuidPipe, Roles, type Principal } from '@inps/shared';
import { SemesterFilter } from '../../common/semester.args';
import { RequestReportDto } from './dto/report.dto';
import { ReportFileQuery } from './dto/report-file.query';
import { ReportView, ReportWithSnapshotView } from './dto/report.response';
import { ReportSnapshotView } from './dto/report-snapshot.response';
import { CONTENT_TYPES, REPORT_FORMATS, type ReportFormat } from './report.entity';
import { ReportsService } from './reports.service';

/** What each file holds, by format; the content types are those the files are served with. */
const FILE_SCHEMAS: Readonly<Record<ReportFormat, SchemaObject | ReferenceObject>> = {
  json: { $ref: getSchemaPath(ReportSnapshotView) },
  csv: { type: 'string', description: 'section, indicator, breakdown, category, numerator, denominator, value: one row per figure' },
  xlsx: { type: 'string', format: 'binary' },
  pdf: { type: 'string', format: 'binary' },
};

@ApiTags('reports')
@ApiExtraModels(ReportSnapshotView)
@ApiBearerAuth()
@Controller('api/v1/reports')
export class ReportsController {
  constructor(private readonly reports: ReportsService) {}

  @Post()
  @HttpCode(202)
  @Roles('central')
  @ApiOperation({ summary: 'Compile a semiannual report (national, or for a territory) in the background' })
  @ApiAcceptedResponse({ type: ReportView, description: 'queued (or the same report already queued or running)' })
  request(@Body() body: RequestReportDto, @CurrentPrincipal() principal: Principal | null): Promise<ReportView> {
    return this.reports.request(principal, body);
  }

  @Get()
  @ApiOperation({ summary: 'Reports and their status' })
  @ApiOkResponse({ type: [ReportView] })
  list(@Query() query: SemesterFilter, @CurrentPrincipal() principal: Principal | null): Promise<ReportView[]> {
    return this.reports.list(principal, query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'A report with its snapshot (partners: the suppressed partner view)' })
  @ApiOkResponse({ type: ReportWithSnapshotView })
  get(@Param('id', new ParseUuidPipe('id')) id: string, @CurrentPrincipal() principal: Principal | null): Promise<ReportWithSnapshotView> {
    return this.reports.get(principal, id);
  }

  @Get(':id/files/:format')
  @ApiOperation({ summary: 'The report as json, csv, xlsx or pdf (partners: the partner view)' })
  @ApiParam({ name: 'format', enum: REPORT_FORMATS })
  @ApiOkResponse({
    description: 'the file, as an attachment',
    content: Object.fromEntries(REPORT_FORMATS.map((format) => [CONTENT_TYPES[format].split(';')[0], { schema: FILE_SCHEMAS[format] }])),
  })
  async file(
    @Param('id', new ParseUuidPipe('id')) id: string,
    @Param('format') format: string,
    @Query() query: ReportFileQuery,
    @CurrentPrincipal() principal: Principal | null,
    @Res() res: Response,
  ): Promise<void> {
    const file = await this.reports.file(principal, id, format, query.language ?? 'it');
    res.setHeader('content-type', file.contentType);
    const suffix = file.format === 'pdf' ? `-${file.language}` : '';
    res.setHeader('content-disposition', `attachment; filename="report-${id}-${file.variant}${suffix}.${file.format}"`);
    res.send(file.content);
  }
}

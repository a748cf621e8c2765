import { Body, Controller, Get, Header, HttpCode, Param, Post, Query, StreamableFile, UseInterceptors } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, ParseUuidPipe, Public, type Principal } from '@inps/shared';
import { EvaluateInput } from '../screenings/dto/screening.inputs';
import { ScreeningSheetQuery } from './dto/sheet.inputs';
import { SheetBusyInterceptor } from './sheet-busy.interceptor';
import { SheetService, type RenderedSheet } from './sheet.service';

const PDF_RESPONSE = {
  description: "A4 PDF in the person's language with the Italian beside it; made on request, nothing stored",
  schema: { type: 'string', format: 'binary' },
  headers: { 'Content-Disposition': { description: 'inline, with a file name that names only the language', schema: { type: 'string' } } },
} as const;

function pdf(sheet: RenderedSheet): StreamableFile {
  return new StreamableFile(sheet.pdf, { type: 'application/pdf', disposition: `inline; filename="${sheet.fileName}"`, length: sheet.pdf.length });
}

@ApiTags('screenings')
@ApiBearerAuth()
@Controller('api/v1/screenings')
@UseInterceptors(SheetBusyInterceptor)
export class SheetController {
  constructor(private readonly sheets: SheetService) {}

  @Public()
  @Post('evaluate/sheet')
  @HttpCode(200)
  @Header('cache-control', 'no-store')
  @ApiOperation({ summary: 'The take-away sheet (PDF) of an evaluation: the same body as evaluate; no resume code. Nothing is stored.' })
  @ApiProduces('application/pdf')
  @ApiOkResponse(PDF_RESPONSE)
  async evaluationSheet(@Body() body: EvaluateInput): Promise<StreamableFile> {
    return pdf(await this.sheets.forEvaluation(body));
  }

  @Public()
  @Get(':id/sheet')
  @Header('cache-control', 'no-store')
  @ApiOperation({
    summary: 'The take-away sheet (PDF) of a completed screening: benefits likely due and to check, documents, where to apply, resume code and QR',
  })
  @ApiProduces('application/pdf')
  @ApiOkResponse(PDF_RESPONSE)
  async screeningSheet(
    @Param('id', new ParseUuidPipe('id')) id: string,
    @Query() query: ScreeningSheetQuery,
    @CurrentPrincipal() principal: Principal | null,
  ): Promise<StreamableFile> {
    return pdf(await this.sheets.forScreening(id, query, principal));
  }
}

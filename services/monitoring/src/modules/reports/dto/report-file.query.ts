import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { REPORT_LANGUAGES, type ReportLanguage } from '../render/report-words';

/** `GET /api/v1/reports/{id}/files/{format}?language=`: reports are produced in Italian and English only. */
export class ReportFileQuery {
  @ApiPropertyOptional({
    enum: REPORT_LANGUAGES,
    default: 'it',
    description: "the PDF's language; the JSON, CSV and spreadsheet carry both languages and are the same file either way",
  })
  @IsOptional()
  @IsIn(REPORT_LANGUAGES, { message: `must be one of ${REPORT_LANGUAGES.join(', ')}` })
  language?: ReportLanguage;
}

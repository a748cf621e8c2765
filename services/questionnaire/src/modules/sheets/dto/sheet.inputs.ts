import { LANGUAGES, type Language } from '@inps/kernel';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString } from 'class-validator';

/** The query of `GET /api/v1/screenings/:id/sheet`. */
export class ScreeningSheetQuery {
  @ApiPropertyOptional({ enum: LANGUAGES, description: "the person's language; the screening's own by default. The Italian is always printed beside it" })
  @IsOptional()
  @IsIn(LANGUAGES)
  language?: Language;

  @ApiPropertyOptional({
    description:
      "the resume code the person holds, to print it (with its QR code): the service keeps only its HMAC and cannot give it back. It must be this screening's code",
    example: 'K7PM3QRT',
  })
  @IsOptional()
  @IsString()
  resumeCode?: string;
}

import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Length } from 'class-validator';
import { DOCUMENT_KINDS, type DocumentKind } from '../document-format';

export class UploadDocumentQueryDto {
  @ApiProperty({ description: 'the file name shown to people (no folders)', example: 'accordo-territoriale-lazio.pdf' })
  @IsString()
  @Length(1, 200)
  name: string;

  @ApiPropertyOptional({ enum: DOCUMENT_KINDS, default: 'TEXT' })
  @IsOptional()
  @IsIn(DOCUMENT_KINDS)
  kind?: DocumentKind;
}

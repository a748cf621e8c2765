import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';

export class IndicatorsQuery {
  @ApiProperty({ example: '2026S1' })
  @Matches(/^\d{4}S[12]$/, { message: 'must be a semester like 2026S1' })
  semester: string;

  @ApiPropertyOptional({ description: 'ISTAT code of a region, province or comune; national when left out', example: '12' })
  @IsOptional()
  @Matches(/^(IT|[0-9]{2}|[0-9]{3}|[0-9]{6})$/, { message: 'must be an ISTAT code (region, province or comune) or IT' })
  territory?: string;
}

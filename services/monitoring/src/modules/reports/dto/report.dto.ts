import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsOptional, Matches } from 'class-validator';
import { ISTAT_CODE, ISTAT_CODE_ISSUE, IsSemester } from '../../../common/validators';

/** `POST /api/v1/reports`: a semester's report for Italy or a territory. */
export class RequestReportDto {
  @ApiProperty({ example: '2026S1' })
  @IsSemester()
  semester: string;

  @ApiPropertyOptional({ description: 'ISTAT code of a region, province or comune; national when left out', example: '12' })
  @IsOptional()
  @Matches(ISTAT_CODE, { message: ISTAT_CODE_ISSUE })
  territory?: string;

  @ApiPropertyOptional({
    description:
      'Compile a new version even though the report exists (the data changed since). Without it the same request returns the same report. A version already queued or running is returned instead of a second one.',
    default: false,
  })
  @IsOptional()
  @IsBoolean()
  newVersion?: boolean;
}

import { ArgsType, Field } from '@nestjs/graphql';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';
import { SemesterArgs } from '../../../common/semester.args';
import { ISTAT_CODE, ISTAT_CODE_ISSUE } from '../../../common/validators';

/** `GET /api/v1/indicators?semester=&territory=` and the `indicators(semester:, territory:)` query. */
@ArgsType()
export class IndicatorsQuery extends SemesterArgs {
  @Field(() => String, { nullable: true })
  @ApiPropertyOptional({ description: 'ISTAT code of a region, province or comune; national when left out', example: '12' })
  @IsOptional()
  @Matches(ISTAT_CODE, { message: ISTAT_CODE_ISSUE })
  territory?: string;
}

import { ArgsType, Field, Int } from '@nestjs/graphql';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Matches, Max, Min } from 'class-validator';

export const DEFAULT_WEEKS = 4;
const MAX_WEEKS = 12;

/** `GET /api/v1/where-to-go` and the `whereToGo` query: a comune and how far ahead to look. */
@ArgsType()
export class WhereToGoQueryDto {
  @Field(() => String, { description: 'ISTAT code of a comune (6 digits)' })
  @ApiProperty({ description: 'ISTAT code of a comune (6 digits)', example: '058091' })
  @Matches(/^\d{6}$/, { message: 'must be the 6-digit ISTAT code of a comune' })
  comune: string;

  @Field(() => Int, { nullable: true, description: `weeks ahead to list outreach events for (1 to ${MAX_WEEKS}, ${DEFAULT_WEEKS} when absent)` })
  @ApiPropertyOptional({ default: DEFAULT_WEEKS, minimum: 1, maximum: MAX_WEEKS, description: 'weeks ahead to list outreach events for' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_WEEKS)
  weeks?: number;
}

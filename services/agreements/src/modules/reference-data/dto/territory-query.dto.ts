import { ArgsType, Field } from '@nestjs/graphql';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Length, Validate } from 'class-validator';
import { TERRITORY_LEVELS, type TerritoryLevel } from '@inps/territories';
import { IsIsoDay } from '@inps/shared';
import { PageLimit, PageOffset } from '../../../common/pagination.dto';

@ArgsType()
export class TerritoryQueryDto {
  @Field(() => String, { nullable: true })
  @ApiPropertyOptional({ description: 'name (accents and case ignored) or ISTAT code prefix', example: 'roma' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  q?: string;

  @Field(() => String, { nullable: true })
  @ApiPropertyOptional({ enum: TERRITORY_LEVELS })
  @IsOptional()
  @IsIn(TERRITORY_LEVELS)
  level?: TerritoryLevel;

  @Field(() => String, { nullable: true })
  @ApiPropertyOptional({ description: 'only territories in force on that day (YYYY-MM-DD); current ones by default' })
  @IsOptional()
  @Validate(IsIsoDay)
  on?: string;

  @PageLimit({ graphql: true }) limit?: number;
  @PageOffset({ graphql: true }) offset?: number;
}

@ArgsType()
export class TerritoryOnDto {
  @Field(() => String, { nullable: true })
  @ApiPropertyOptional({ description: 'the version in force on that day (YYYY-MM-DD); the current one by default' })
  @IsOptional()
  @Validate(IsIsoDay)
  on?: string;
}

/** GraphQL's territory: the day, and the code REST names in its path. */
@ArgsType()
export class TerritoryArgs extends TerritoryOnDto {
  @Field() @IsString() istatCode: string;
}

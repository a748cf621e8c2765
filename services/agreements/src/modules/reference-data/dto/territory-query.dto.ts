import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Length, Validate } from 'class-validator';
import { TERRITORY_LEVELS, type TerritoryLevel } from '@inps/territories';
import { PageQueryDto } from '../../../common/pagination.dto';
import { IsIsoDay } from '@inps/shared';

export class TerritoryQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'name (accents and case ignored) or ISTAT code prefix', example: 'roma' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  q?: string;

  @ApiPropertyOptional({ enum: TERRITORY_LEVELS })
  @IsOptional()
  @IsIn(TERRITORY_LEVELS)
  level?: TerritoryLevel;

  @ApiPropertyOptional({ description: 'only territories in force on that day (YYYY-MM-DD); current ones by default' })
  @IsOptional()
  @Validate(IsIsoDay)
  on?: string;
}

export class TerritoryOnDto {
  @ApiPropertyOptional({ description: 'the version in force on that day (YYYY-MM-DD); the current one by default' })
  @IsOptional()
  @Validate(IsIsoDay)
  on?: string;
}

import { ArgsType, Field, ID, InputType, Int } from '@nestjs/graphql';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, Length, Matches, Min } from 'class-validator';
import { ISTAT_CODE, SLUG } from '../../../common/formats';
import { PageLimit, PageOffset } from '../../../common/pagination.dto';
import {
  TECHNICAL_TABLE_ACTIONS,
  TECHNICAL_TABLE_LEVELS,
  TECHNICAL_TABLE_STATUSES,
  type TechnicalTableAction,
  type TechnicalTableLevel,
  type TechnicalTableStatus,
} from '../../../domain';

// One class per input serves REST (Swagger) and GraphQL, so both validate with the same rules.

@InputType('CreateTechnicalTableInput')
export class CreateTechnicalTableDto {
  @Field() @ApiProperty({ example: 'Tavolo tecnico Roma Capitale' }) @IsString() @Length(1, 200) name: string;
  @Field(() => String, { description: TECHNICAL_TABLE_LEVELS.join(', ') })
  @ApiProperty({ enum: TECHNICAL_TABLE_LEVELS })
  @IsIn(TECHNICAL_TABLE_LEVELS)
  level: TechnicalTableLevel;
  @Field({ nullable: true, description: 'ISTAT code; required for LOCAL, absent for CENTRAL' })
  @ApiPropertyOptional({ description: 'ISTAT code; required for LOCAL, absent for CENTRAL', example: '058091' })
  @IsOptional()
  @Matches(ISTAT_CODE)
  territoryCode?: string;
  @Field(() => ID, { nullable: true }) @ApiPropertyOptional({ description: 'the agreement that set it up' }) @IsOptional() @IsUUID() agreementId?: string;
}

@InputType('TechnicalTableTransitionInput')
export class TechnicalTableTransitionDto {
  @Field(() => String, { description: TECHNICAL_TABLE_ACTIONS.join(', ') })
  @ApiProperty({ enum: TECHNICAL_TABLE_ACTIONS })
  @IsIn(TECHNICAL_TABLE_ACTIONS)
  action: TechnicalTableAction;
  @Field(() => Int) @ApiProperty() @IsInt() @Min(1) version: number;
}

@ArgsType()
export class TechnicalTableQueryDto {
  @Field(() => String, { nullable: true })
  @ApiPropertyOptional({ enum: TECHNICAL_TABLE_LEVELS })
  @IsOptional()
  @IsIn(TECHNICAL_TABLE_LEVELS)
  level?: TechnicalTableLevel;
  @Field(() => String, { nullable: true })
  @ApiPropertyOptional({ enum: TECHNICAL_TABLE_STATUSES })
  @IsOptional()
  @IsIn(TECHNICAL_TABLE_STATUSES)
  status?: TechnicalTableStatus;
  @Field(() => String, { nullable: true })
  @ApiPropertyOptional({ description: 'tables in this territory or below it' })
  @IsOptional()
  @Matches(ISTAT_CODE)
  territory?: string;
  @Field(() => ID, { nullable: true }) @ApiPropertyOptional() @IsOptional() @IsUUID() agreement?: string;
  @Field(() => String, { nullable: true })
  @ApiPropertyOptional({ description: 'tables this organisation sits at' })
  @IsOptional()
  @Matches(SLUG)
  organisation?: string;
  @PageLimit({ graphql: true }) limit?: number;
  @PageOffset({ graphql: true }) offset?: number;
}

import { Field, ID, InputType } from '@nestjs/graphql';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsOptional, IsString, IsUUID, Length, Matches, Validate, ValidateIf, ValidateNested } from 'class-validator';
import { categoryCodes } from '../../../domain';
import { IsIsoDay } from '@inps/shared';
import { APPLICATION_RESULTS, type ApplicationResult } from '../follow-up.entity';

export const NEED_TYPES = categoryCodes('needType') as readonly string[];
export const HELP_TYPES = categoryCodes('helpType') as readonly string[];
const BENEFIT_ID = /^[A-Za-z0-9_.-]{1,64}$/;

@InputType('FollowUpHelpInput')
export class HelpDto {
  @Field({ description: 'a help type code' })
  @ApiProperty({ enum: HELP_TYPES })
  @IsIn(HELP_TYPES)
  type: string;

  @Field({ nullable: true, description: 'the benefit applied for; required for APPLICATION and only there' })
  @ApiPropertyOptional({ description: 'the benefit applied for; required for APPLICATION and only there', example: 'ADI' })
  @ValidateIf((help: HelpDto) => help.type === 'APPLICATION' || help.benefitId !== undefined)
  @IsString()
  @Matches(BENEFIT_ID, { message: 'must be a benefit code (letters, digits, . _ -)' })
  benefitId?: string;
}

/** REST's body and GraphQL's `recordFollowUp(input:)`, validated alike. */
@InputType('RecordFollowUpInput')
export class CreateFollowUpDto {
  @Field(() => ID, { nullable: true, description: 'the completed screening; exactly one of screeningId and resumeCode' })
  @ApiPropertyOptional({ format: 'uuid', description: 'the completed screening the person brought; exactly one of screeningId and resumeCode' })
  @IsOptional()
  @IsUUID()
  screeningId?: string;

  @Field({ nullable: true, description: 'instead of screeningId: the resume code on the person’s paper; never stored' })
  @ApiPropertyOptional({
    description:
      'instead of screeningId: the resume code on the person’s paper (case, spaces and dashes ignored), resolved by the questionnaire service; never stored',
    example: '7RRT-MPK9',
  })
  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z0-9 -]{1,20}$/, { message: 'must be the 8 letters and digits of a resume code' })
  resumeCode?: string;

  @Field({ nullable: true, description: 'YYYY-MM-DD; today in Rome by default' })
  @ApiPropertyOptional({ description: 'the day the person was taken in charge (YYYY-MM-DD); today in Rome by default' })
  @IsOptional()
  @Validate(IsIsoDay)
  day?: string;

  @Field(() => [String], { description: 'need type codes' })
  @ApiProperty({ enum: NEED_TYPES, isArray: true })
  @IsArray()
  @ArrayMaxSize(20)
  @IsIn(NEED_TYPES, { each: true })
  needs: string[];

  @Field(() => [HelpDto])
  @ApiProperty({ type: [HelpDto] })
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => HelpDto)
  help: HelpDto[];
}

export class UpdateResultDto {
  @ApiProperty({ example: 'ADI' })
  @IsString()
  @Length(1, 64)
  benefitId: string;

  @ApiProperty({ enum: APPLICATION_RESULTS })
  @IsIn(APPLICATION_RESULTS)
  result: ApplicationResult;

  @ApiPropertyOptional({ description: 'the day of the decision (YYYY-MM-DD); required for GRANTED and REJECTED, absent for PENDING' })
  @IsOptional()
  @Validate(IsIsoDay)
  resultDate?: string;
}

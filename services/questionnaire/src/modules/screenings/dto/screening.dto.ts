import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsObject, IsOptional, IsString, Length, Matches, Validate } from 'class-validator';
import { IsIsoDay } from '@inps/shared';
import { IsFactValue } from '../../../common/validators';
import { SCREENING_CHANNELS, SCREENING_MODES, type ScreeningChannel, type ScreeningMode } from '../screening.entity';

const LANGUAGES = ['it', 'en'] as const;

export class StartScreeningDto {
  @ApiProperty({ enum: SCREENING_MODES, description: 'self = anonymous self-assessment; operator = run by an operator (needs an operator token)' })
  @IsIn(SCREENING_MODES)
  mode: ScreeningMode;

  @ApiPropertyOptional({ enum: LANGUAGES, default: 'it' })
  @IsOptional()
  @IsIn(LANGUAGES)
  language?: 'it' | 'en';

  @ApiPropertyOptional({ description: 'ISTAT code of the comune (6 digits) where the screening happens', example: '058091' })
  @IsOptional()
  @Matches(/^[0-9]{6}$/, { message: 'must be a 6-digit ISTAT comune code' })
  territory?: string;

  @ApiPropertyOptional({ enum: SCREENING_CHANNELS, description: 'defaults to self in self mode and desk in operator mode' })
  @IsOptional()
  @IsIn(SCREENING_CHANNELS)
  channel?: ScreeningChannel;

  @ApiPropertyOptional({ description: 'the day whose rules apply (YYYY-MM-DD); today in Rome by default', example: '2026-03-01' })
  @IsOptional()
  @Validate(IsIsoDay)
  asOf?: string;
}

export class AnswerDto {
  @ApiProperty({ description: 'the question being asked (nextQuestion.id)', example: 'q-age' })
  @IsString()
  @Length(1, 64)
  questionId: string;

  @ApiProperty({ description: 'true/false, a number, or one of the options', oneOf: [{ type: 'boolean' }, { type: 'number' }, { type: 'string' }] })
  @Validate(IsFactValue)
  value: boolean | number | string;
}

export class ChangeAnswerDto {
  @ApiProperty({ oneOf: [{ type: 'boolean' }, { type: 'number' }, { type: 'string' }] })
  @Validate(IsFactValue)
  value: boolean | number | string;
}

export class EvaluateDto {
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'facts by name (docs/facts.md); absent = unknown',
    example: { age: 45, citizenship: 'IT', hasIsee: true, isee: 8200 },
  })
  @IsObject()
  facts: Record<string, unknown>;

  @ApiPropertyOptional({ example: '2026-03-01' })
  @IsOptional()
  @Validate(IsIsoDay)
  asOf?: string;

  @ApiPropertyOptional({ example: 'it-2026' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @Length(1, 64)
  ruleSet?: string;

  @ApiPropertyOptional({ enum: LANGUAGES, default: 'it' })
  @IsOptional()
  @IsIn(LANGUAGES)
  language?: 'it' | 'en';
}

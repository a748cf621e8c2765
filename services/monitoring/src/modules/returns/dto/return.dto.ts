import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { RETURN_TRANSITIONS, type ReturnAction } from '../../../domain';

const ACTIONS = RETURN_TRANSITIONS.map((t) => t.action);

export class TransitionDto {
  @ApiProperty({ enum: ACTIONS })
  @IsIn(ACTIONS)
  action: ReturnAction;

  @ApiPropertyOptional({ description: 'why; required to return a return for corrections and to reopen an accepted one' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  comment?: string;
}

export class ListReturnsQuery {
  @ApiPropertyOptional({ example: '2026S1' })
  @IsOptional()
  @Matches(/^\d{4}S[12]$/, { message: 'must be a semester like 2026S1' })
  semester?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(64)
  organisationId?: string;
}

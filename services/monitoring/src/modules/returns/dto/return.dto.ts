import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { SemesterFilter } from '../../../common/semester.args';
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

/** `GET /api/v1/returns`: the semester filter GraphQL's `returns(semester:)` shares, and an organisation (REST only). */
export class ListReturnsQuery extends SemesterFilter {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(64)
  organisationId?: string;
}

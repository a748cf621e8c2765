import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { APPLICATION_RESULTS, type ApplicationResult } from '../follow-up.entity';
import { HELP_TYPES, NEED_TYPES } from './follow-up.dto';

export class FollowUpHelpView {
  @ApiProperty({ enum: HELP_TYPES })
  readonly type: string;

  @ApiPropertyOptional({ description: 'APPLICATION only: the benefit applied for', example: 'ADI' })
  readonly benefitId?: string;

  @ApiPropertyOptional({ enum: APPLICATION_RESULTS, description: 'APPLICATION only' })
  readonly result?: ApplicationResult;

  @ApiPropertyOptional({ type: String, format: 'date', nullable: true, description: 'APPLICATION only: the day of the decision' })
  readonly resultDate?: string | null;
}

/** A follow-up: codes and days only, nothing about the person. */
export class FollowUpView {
  @ApiProperty({ format: 'uuid' })
  readonly id: string;

  @ApiProperty({ format: 'uuid' })
  readonly screeningId: string;

  @ApiProperty({ example: 'caritas-roma' })
  readonly organisationId: string;

  @ApiProperty({ format: 'date', description: 'the day the person was taken in charge' })
  readonly day: string;

  @ApiProperty({ example: '2026S1' })
  readonly semester: string;

  @ApiProperty({ enum: NEED_TYPES, isArray: true })
  readonly needs: readonly string[];

  @ApiProperty({ type: [FollowUpHelpView], description: 'help given, then one APPLICATION per benefit applied for' })
  readonly help: readonly FollowUpHelpView[];
}

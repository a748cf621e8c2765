import { Field, ID, ObjectType } from '@nestjs/graphql';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { APPLICATION_RESULTS, type ApplicationResult } from '../follow-up.entity';
import { HELP_TYPES, NEED_TYPES } from './follow-up.dto';

@ObjectType('FollowUpHelp')
export class FollowUpHelpView {
  @Field()
  @ApiProperty({ enum: HELP_TYPES })
  readonly type: string;

  @Field({ nullable: true, description: 'APPLICATION only: the benefit applied for' })
  @ApiPropertyOptional({ description: 'APPLICATION only: the benefit applied for', example: 'ADI' })
  readonly benefitId?: string;

  @Field(() => String, { nullable: true, description: 'APPLICATION only' })
  @ApiPropertyOptional({ enum: APPLICATION_RESULTS, description: 'APPLICATION only' })
  readonly result?: ApplicationResult;

  @Field(() => String, { nullable: true, description: 'APPLICATION only: the day of the decision' })
  @ApiPropertyOptional({ type: String, format: 'date', nullable: true, description: 'APPLICATION only: the day of the decision' })
  readonly resultDate?: string | null;
}

/** A follow-up: codes and days only, nothing about the person. */
@ObjectType('FollowUp')
export class FollowUpView {
  @Field(() => ID)
  @ApiProperty({ format: 'uuid' })
  readonly id: string;

  @Field(() => ID)
  @ApiProperty({ format: 'uuid' })
  readonly screeningId: string;

  @Field()
  @ApiProperty({ example: 'caritas-roma' })
  readonly organisationId: string;

  @Field({ description: 'the day the person was taken in charge' })
  @ApiProperty({ format: 'date', description: 'the day the person was taken in charge' })
  readonly day: string;

  @Field()
  @ApiProperty({ example: '2026S1' })
  readonly semester: string;

  @Field(() => [String])
  @ApiProperty({ enum: NEED_TYPES, isArray: true })
  readonly needs: readonly string[];

  @Field(() => [FollowUpHelpView])
  @ApiProperty({ type: [FollowUpHelpView], description: 'help given, then one APPLICATION per benefit applied for' })
  readonly help: readonly FollowUpHelpView[];
}

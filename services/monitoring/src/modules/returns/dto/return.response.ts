import { Field, ObjectType } from '@nestjs/graphql';
import { ApiProperty } from '@nestjs/swagger';
import { RETURN_TRANSITIONS, type ReturnAction, type ReturnStatus, type ReturnTimeliness } from '../../../domain';

const STATUSES: readonly ReturnStatus[] = ['DRAFT', 'SUBMITTED', 'ACCEPTED', 'RETURNED'];
const TIMELINESS: readonly ReturnTimeliness[] = ['NOT_DUE', 'ON_TIME', 'LATE', 'MISSING'];
const ACTIONS: readonly ReturnAction[] = RETURN_TRANSITIONS.map((t) => t.action);

/** A partner's semiannual return as GraphQL's `returns` fields give it, and the core of the REST answers. */
@ObjectType()
export class PartnerReturn {
  @Field()
  @ApiProperty({ example: 'caritas-roma' })
  readonly organisationId: string;

  @Field()
  @ApiProperty({ description: 'ISTAT code', example: '058091' })
  readonly territory: string;

  @Field()
  @ApiProperty({ example: '2026S1' })
  readonly semester: string;

  @Field(() => String)
  @ApiProperty({ enum: STATUSES })
  readonly status: ReturnStatus;

  @Field()
  @ApiProperty({ format: 'date', description: 'the last day a submission is on time' })
  readonly dueDate: string;

  @Field(() => String, { nullable: true })
  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  readonly firstSubmittedAt: string | null;

  @Field(() => Boolean, { nullable: true })
  @ApiProperty({ type: Boolean, nullable: true, description: 'null until first submitted' })
  readonly onTime: boolean | null;

  @Field(() => String, { description: 'NOT_DUE, ON_TIME, LATE or MISSING' })
  @ApiProperty({ enum: TIMELINESS })
  readonly timeliness: ReturnTimeliness;
}

/** REST: the return with its figures and what the caller may do with it next. */
export class ReturnView extends PartnerReturn {
  @ApiProperty({ example: '2026.1' })
  readonly datasetVersion: string;

  @ApiProperty({ type: 'object', additionalProperties: true, description: 'the figures, by the data set of datasetVersion' })
  readonly values: Record<string, unknown>;

  @ApiProperty({ enum: ACTIONS, isArray: true, description: "the transitions the caller's roles allow from the current status" })
  readonly allowedActions: readonly ReturnAction[];
}

export class ReturnTransitionView {
  @ApiProperty({ enum: ACTIONS })
  readonly action: string;

  @ApiProperty({ enum: STATUSES })
  readonly from: string;

  @ApiProperty({ enum: STATUSES })
  readonly to: string;

  @ApiProperty({ type: String, nullable: true })
  readonly comment: string | null;

  @ApiProperty({ description: 'a central reopening of an accepted return' })
  readonly audited: boolean;

  @ApiProperty({ format: 'date-time' })
  readonly at: string;
}

/** REST: one return with its workflow history, oldest first. */
export class ReturnWithHistoryView extends ReturnView {
  @ApiProperty({ type: [ReturnTransitionView] })
  readonly history: readonly ReturnTransitionView[];
}

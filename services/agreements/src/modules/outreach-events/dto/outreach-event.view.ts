import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { ApiProperty } from '@nestjs/swagger';
import { PageSlice } from '../../../common/pagination.dto';
import { OUTREACH_EVENT_ACTIONS, OUTREACH_EVENT_STATUSES, VENUE_TYPES } from '../../../domain';

// One class per answer: the REST response schema and the GraphQL object type.

@ObjectType()
export class OutreachEvent {
  @Field(() => ID) @ApiProperty({ format: 'uuid' }) id: string;
  @Field(() => ID, { nullable: true }) @ApiProperty({ type: String, format: 'uuid', nullable: true }) agreementId: string | null;
  @Field(() => String, { nullable: true }) @ApiProperty({ type: String, nullable: true }) organisationId: string | null;
  @Field() @ApiProperty({ example: '058091' }) territoryCode: string;
  @Field(() => String, { description: VENUE_TYPES.join(', ') }) @ApiProperty({ enum: VENUE_TYPES }) venueType: string;
  @Field() @ApiProperty() venueName: string;
  @Field(() => String, { nullable: true }) @ApiProperty({ type: String, nullable: true }) address: string | null;
  @Field(() => String, { nullable: true }) @ApiProperty({ type: String, nullable: true }) title: string | null;
  @Field(() => String, { nullable: true }) @ApiProperty({ type: String, nullable: true }) description: string | null;
  @Field() @ApiProperty({ format: 'date-time' }) startsAt: string;
  @Field() @ApiProperty({ format: 'date-time' }) endsAt: string;
  @Field(() => String, { description: OUTREACH_EVENT_STATUSES.join(', ') }) @ApiProperty({ enum: OUTREACH_EVENT_STATUSES }) status: string;
  @Field(() => String, { nullable: true }) @ApiProperty({ type: String, format: 'date-time', nullable: true }) communicatedAt: string | null;
  @Field() @ApiProperty({ description: 'communicated at least EVENT_COMMUNICATION_LEAD_DAYS Rome days ahead' }) communicatedInTime: boolean;
  @Field(() => Int, { nullable: true }) @ApiProperty({ type: Number, nullable: true }) communicatedDaysAhead: number | null;
  @Field(() => String, { nullable: true }) @ApiProperty({ type: String, nullable: true }) cancellationReason: string | null;
  @Field(() => Int, { nullable: true }) @ApiProperty({ type: Number, nullable: true }) peopleContacted: number | null;
  @Field(() => Int, { description: 'iCalendar SEQUENCE' }) @ApiProperty({ description: 'iCalendar SEQUENCE' }) sequence: number;
  @Field(() => Int) @ApiProperty({ description: 'send it back with a change (optimistic locking)' }) version: number;
  @Field(() => [String]) @ApiProperty({ enum: OUTREACH_EVENT_ACTIONS, isArray: true, description: 'what the caller may do now' }) allowedActions: string[];
}

@ObjectType()
export class OutreachEventPage extends PageSlice {
  @Field(() => [OutreachEvent]) @ApiProperty({ type: [OutreachEvent] }) items: readonly OutreachEvent[];
  @Field(() => Int) @ApiProperty({ description: 'items matching, over all pages' }) total: number;
}

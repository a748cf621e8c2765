import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { ApiProperty } from '@nestjs/swagger';
import { RestPage } from '../../../common/pagination.dto';
import { MEETING_ACTIONS, MEETING_STATUSES } from '../../../domain';

// One class per answer: the REST response schema and the GraphQL object type. GraphQL adds
// `minutes`, resolved from the documents (documents.resolver.ts).

@ObjectType()
export class TableMeeting {
  @Field(() => ID) @ApiProperty({ format: 'uuid' }) id: string;
  @Field(() => ID) @ApiProperty({ format: 'uuid' }) tableId: string;
  @Field() @ApiProperty({ format: 'date-time' }) startsAt: string;
  @Field({ description: 'the day in Europe/Rome' }) @ApiProperty({ description: 'the day in Europe/Rome', example: '2026-04-15' }) day: string;
  @Field(() => String, { nullable: true }) @ApiProperty({ type: String, nullable: true }) place: string | null;
  @Field(() => String, { nullable: true }) @ApiProperty({ type: String, nullable: true }) onlineLink: string | null;
  @Field() @ApiProperty() agenda: string;
  @Field(() => String, { description: MEETING_STATUSES.join(', ') }) @ApiProperty({ enum: MEETING_STATUSES }) status: string;
  @Field(() => String, { nullable: true }) @ApiProperty({ type: String, nullable: true }) cancellationReason: string | null;
  @Field(() => [ID], { description: 'members who attended' }) @ApiProperty({ type: [String], description: 'members who attended' }) attendeeIds: string[];
  @Field(() => ID, { nullable: true }) @ApiProperty({ type: String, format: 'uuid', nullable: true }) minutesDocumentId: string | null;
  @Field(() => Int) @ApiProperty({ description: 'send it back with a transition (optimistic locking)' }) version: number;
  @Field(() => [String]) @ApiProperty({ enum: MEETING_ACTIONS, isArray: true, description: 'what the caller may do now' }) allowedActions: string[];
}

export class TableMeetingPage extends RestPage(TableMeeting) {}

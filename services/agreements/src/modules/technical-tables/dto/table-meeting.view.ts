import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { MEETING_STATUSES } from '../../../domain';

@ObjectType()
export class TableMeeting {
  @Field(() => ID) id: string;
  @Field(() => ID) tableId: string;
  @Field() startsAt: string;
  @Field({ description: 'the day in Europe/Rome' }) day: string;
  @Field(() => String, { nullable: true }) place: string | null;
  @Field(() => String, { nullable: true }) onlineLink: string | null;
  @Field() agenda: string;
  @Field(() => String, { description: MEETING_STATUSES.join(', ') }) status: string;
  @Field(() => String, { nullable: true }) cancellationReason: string | null;
  @Field(() => [ID], { description: 'members who attended' }) attendeeIds: string[];
  @Field(() => ID, { nullable: true }) minutesDocumentId: string | null;
  @Field(() => Int) version: number;
  @Field(() => [String]) allowedActions: string[];
}

import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { OUTREACH_EVENT_STATUSES, VENUE_TYPES } from '../../../domain';

@ObjectType()
export class OutreachEvent {
  @Field(() => ID) id: string;
  @Field(() => ID, { nullable: true }) agreementId: string | null;
  @Field(() => String, { nullable: true }) organisationId: string | null;
  @Field() territoryCode: string;
  @Field(() => String, { description: VENUE_TYPES.join(', ') }) venueType: string;
  @Field() venueName: string;
  @Field(() => String, { nullable: true }) address: string | null;
  @Field(() => String, { nullable: true }) title: string | null;
  @Field(() => String, { nullable: true }) description: string | null;
  @Field() startsAt: string;
  @Field() endsAt: string;
  @Field(() => String, { description: OUTREACH_EVENT_STATUSES.join(', ') }) status: string;
  @Field(() => String, { nullable: true }) communicatedAt: string | null;
  @Field() communicatedInTime: boolean;
  @Field(() => Int, { nullable: true }) communicatedDaysAhead: number | null;
  @Field(() => String, { nullable: true }) cancellationReason: string | null;
  @Field(() => Int, { nullable: true }) peopleContacted: number | null;
  @Field(() => Int, { description: 'iCalendar SEQUENCE' }) sequence: number;
  @Field(() => Int) version: number;
  @Field(() => [String]) allowedActions: string[];
}

@ObjectType()
export class OutreachEventPage {
  @Field(() => [OutreachEvent]) items: OutreachEvent[];
  @Field(() => Int) total: number;
}

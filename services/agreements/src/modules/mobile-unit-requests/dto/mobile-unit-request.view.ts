import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { MOBILE_UNIT_STATUSES } from '../../../domain';

@ObjectType()
export class LeadTimeOverride {
  @Field() actorId: string;
  @Field() reason: string;
  @Field() at: string;
  @Field(() => Int) daysAhead: number;
}

@ObjectType()
export class MobileUnitRequest {
  @Field(() => ID) id: string;
  @Field(() => ID) eventId: string;
  @Field() territoryCode: string;
  @Field() eventStartsAt: string;
  @Field() requestedAt: string;
  @Field() requestedBy: string;
  @Field() availableSpace: string;
  @Field(() => Int) leadTimeDays: number;
  @Field(() => LeadTimeOverride, { nullable: true, description: 'set when the central directorate accepted a late request' }) override: LeadTimeOverride | null;
  @Field(() => String, { description: MOBILE_UNIT_STATUSES.join(', ') }) status: string;
  @Field(() => String, { nullable: true }) assignedUnit: string | null;
  @Field(() => String, { nullable: true }) closingReason: string | null;
  @Field(() => Int) version: number;
  @Field(() => [String]) allowedActions: string[];
}

@ObjectType()
export class MobileUnitRequestPage {
  @Field(() => [MobileUnitRequest]) items: MobileUnitRequest[];
  @Field(() => Int) total: number;
}

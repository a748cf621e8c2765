import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { MOBILE_UNIT_STATUSES, OUTREACH_EVENT_STATUSES, REFERENT_ROLES, VENUE_TYPES } from '../domain';

// The object types mirror the REST views field by field: resolvers return the services' views as they are.

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

@ObjectType()
export class Referent {
  @Field(() => ID) id: string;
  @Field() unitId: string;
  @Field(() => String, { description: REFERENT_ROLES.join(', ') }) role: string;
  @Field() personId: string;
  @Field() fullName: string;
  @Field(() => String, { nullable: true }) email: string | null;
  @Field() primary: boolean;
  @Field() validFrom: string;
  @Field(() => String, { nullable: true }) validTo: string | null;
  @Field(() => Int) version: number;
}

@ObjectType({ description: 'metadata of an immutable agreement document; download it over REST' })
export class AgreementDocument {
  @Field(() => ID) id: string;
  @Field(() => ID) agreementId: string;
  @Field() kind: string;
  @Field() fileName: string;
  @Field() contentType: string;
  @Field(() => Int) sizeBytes: number;
  @Field() sha256: string;
  @Field() uploadedAt: string;
}

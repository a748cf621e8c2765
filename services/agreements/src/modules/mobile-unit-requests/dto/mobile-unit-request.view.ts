import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { ApiProperty } from '@nestjs/swagger';
import { PageSlice } from '../../../common/pagination.dto';
import { MOBILE_UNIT_ACTIONS, MOBILE_UNIT_STATUSES, STATION_KINDS } from '../../../domain';

// One class per answer: the REST response schema and the GraphQL object type.

@ObjectType()
export class LeadTimeOverride {
  @Field() @ApiProperty({ description: 'the central user who accepted the late request' }) actorId: string;
  @Field() @ApiProperty() reason: string;
  @Field() @ApiProperty({ format: 'date-time' }) at: string;
  @Field(() => Int) @ApiProperty({ description: 'the Rome days actually given' }) daysAhead: number;
}

@ObjectType({ description: 'a label in Italian and English' })
export class StationKindLabel {
  @Field() @ApiProperty({ example: 'Gazebo' }) it: string;
  @Field() @ApiProperty({ example: 'Gazebo' }) en: string;
}

@ObjectType()
export class MobileUnitRequest {
  @Field(() => ID) @ApiProperty({ format: 'uuid' }) id: string;
  @Field(() => ID) @ApiProperty({ format: 'uuid' }) eventId: string;
  @Field() @ApiProperty() territoryCode: string;
  @Field() @ApiProperty({ format: 'date-time' }) eventStartsAt: string;
  @Field() @ApiProperty({ format: 'date-time' }) requestedAt: string;
  @Field() @ApiProperty() requestedBy: string;
  @Field() @ApiProperty() availableSpace: string;
  @Field(() => String, { nullable: true, description: `${STATION_KINDS.join(', ')}; null for a request filed before the kind was asked` })
  @ApiProperty({ enum: STATION_KINDS, nullable: true, description: 'null for a request filed before the kind was asked' })
  stationKind: string | null;
  @Field(() => StationKindLabel, { nullable: true }) @ApiProperty({ type: StationKindLabel, nullable: true }) stationKindLabel: StationKindLabel | null;
  @Field(() => Int) @ApiProperty({ description: 'Rome days between the request and the event' }) leadTimeDays: number;
  @Field(() => LeadTimeOverride, { nullable: true, description: 'set when the central directorate accepted a late request' })
  @ApiProperty({ type: LeadTimeOverride, nullable: true, description: 'set when the central directorate accepted a late request' })
  override: LeadTimeOverride | null;
  @Field(() => String, { description: MOBILE_UNIT_STATUSES.join(', ') }) @ApiProperty({ enum: MOBILE_UNIT_STATUSES }) status: string;
  @Field(() => String, { nullable: true }) @ApiProperty({ type: String, nullable: true }) assignedUnit: string | null;
  @Field(() => String, { nullable: true }) @ApiProperty({ type: String, nullable: true }) closingReason: string | null;
  @Field(() => Int) @ApiProperty({ description: 'send it back with a transition (optimistic locking)' }) version: number;
  @Field(() => [String]) @ApiProperty({ enum: MOBILE_UNIT_ACTIONS, isArray: true, description: 'what the caller may do now' }) allowedActions: string[];
}

@ObjectType()
export class MobileUnitRequestPage extends PageSlice {
  @Field(() => [MobileUnitRequest]) @ApiProperty({ type: [MobileUnitRequest] }) items: readonly MobileUnitRequest[];
  @Field(() => Int) @ApiProperty({ description: 'items matching, over all pages' }) total: number;
}

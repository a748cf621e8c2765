import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { MEETING_STATUSES, TABLE_ISSUE_STATUSES, TABLE_MEMBER_ROLES, TECHNICAL_TABLE_LEVELS, TECHNICAL_TABLE_STATUSES } from '../domain';

@ObjectType()
export class TechnicalTable {
  @Field(() => ID) id: string;
  @Field() name: string;
  @Field(() => String, { description: TECHNICAL_TABLE_LEVELS.join(', ') }) level: string;
  @Field(() => String, { nullable: true, description: 'ISTAT code of a LOCAL table' }) territoryCode: string | null;
  @Field(() => ID, { nullable: true }) agreementId: string | null;
  @Field(() => String, { description: TECHNICAL_TABLE_STATUSES.join(', ') }) status: string;
  @Field(() => Int) version: number;
  @Field(() => [String]) allowedActions: string[];
  @Field() createdAt: string;
}

@ObjectType()
export class TechnicalTablePage {
  @Field(() => [TechnicalTable]) items: TechnicalTable[];
  @Field(() => Int) total: number;
}

@ObjectType()
export class TableMember {
  @Field(() => ID) id: string;
  @Field(() => ID) tableId: string;
  @Field(() => String, { nullable: true }) organisationId: string | null;
  @Field(() => String, { nullable: true }) inpsUnitId: string | null;
  @Field(() => String, { description: TABLE_MEMBER_ROLES.join(', ') }) role: string;
  @Field() label: string;
  @Field() validFrom: string;
  @Field(() => String, { nullable: true }) validTo: string | null;
}

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

@ObjectType()
export class TableIssue {
  @Field(() => ID) id: string;
  @Field(() => ID) tableId: string;
  @Field() title: string;
  @Field() description: string;
  @Field() raisedAt: string;
  @Field(() => String, { description: TABLE_ISSUE_STATUSES.join(', ') }) status: string;
  @Field(() => ID, { nullable: true, description: 'the issue it opened on the central table' }) escalatedToId: string | null;
  @Field(() => ID, { nullable: true, description: 'the local issue it came from' }) escalatedFromId: string | null;
  @Field(() => String, { nullable: true }) resolutionNote: string | null;
  @Field(() => String, { nullable: true }) resolvedOn: string | null;
  @Field(() => Int) version: number;
  @Field(() => [String]) allowedActions: string[];
}

import { Field, ID, InputType, Int } from '@nestjs/graphql';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsISO8601, IsOptional, IsString, IsUrl, IsUUID, Length, Matches, Min, Validate } from 'class-validator';
import { IsIsoDay } from '@inps/shared';
import {
  MEETING_ACTIONS,
  MEETING_STATUSES,
  TABLE_ISSUE_ACTIONS,
  TABLE_ISSUE_STATUSES,
  TABLE_MEMBER_ROLES,
  TECHNICAL_TABLE_ACTIONS,
  TECHNICAL_TABLE_LEVELS,
  TECHNICAL_TABLE_STATUSES,
  type MeetingAction,
  type MeetingStatus,
  type TableIssueAction,
  type TableIssueStatus,
  type TableMemberRole,
  type TechnicalTableAction,
  type TechnicalTableLevel,
  type TechnicalTableStatus,
} from '../../../domain';
import { PageQueryDto } from '../../../common/pagination.dto';

const SLUG = /^[a-z0-9][a-z0-9-]{0,63}$/;
const ISTAT = /^(\d{2}|\d{3}|\d{6})$/;
const INSTANT = { strict: true, strictSeparator: true };

// One class per input serves REST (Swagger) and GraphQL, so both validate with the same rules.

@InputType('CreateTechnicalTableInput')
export class CreateTechnicalTableDto {
  @Field() @ApiProperty({ example: 'Tavolo tecnico Roma Capitale' }) @IsString() @Length(1, 200) name: string;
  @Field(() => String, { description: TECHNICAL_TABLE_LEVELS.join(', ') })
  @ApiProperty({ enum: TECHNICAL_TABLE_LEVELS })
  @IsIn(TECHNICAL_TABLE_LEVELS)
  level: TechnicalTableLevel;
  @Field({ nullable: true, description: 'ISTAT code; required for LOCAL, absent for CENTRAL' })
  @ApiPropertyOptional({ description: 'ISTAT code; required for LOCAL, absent for CENTRAL', example: '058091' })
  @IsOptional()
  @Matches(ISTAT)
  territoryCode?: string;
  @Field(() => ID, { nullable: true }) @ApiPropertyOptional({ description: 'the agreement that set it up' }) @IsOptional() @IsUUID() agreementId?: string;
}

@InputType('TechnicalTableTransitionInput')
export class TechnicalTableTransitionDto {
  @Field(() => String, { description: TECHNICAL_TABLE_ACTIONS.join(', ') })
  @ApiProperty({ enum: TECHNICAL_TABLE_ACTIONS })
  @IsIn(TECHNICAL_TABLE_ACTIONS)
  action: TechnicalTableAction;
  @Field(() => Int) @ApiProperty() @IsInt() @Min(1) version: number;
}

export class TechnicalTableQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: TECHNICAL_TABLE_LEVELS }) @IsOptional() @IsIn(TECHNICAL_TABLE_LEVELS) level?: TechnicalTableLevel;
  @ApiPropertyOptional({ enum: TECHNICAL_TABLE_STATUSES }) @IsOptional() @IsIn(TECHNICAL_TABLE_STATUSES) status?: TechnicalTableStatus;
  @ApiPropertyOptional({ description: 'tables in this territory or below it' }) @IsOptional() @Matches(ISTAT) territory?: string;
  @ApiPropertyOptional() @IsOptional() @IsUUID() agreement?: string;
  @ApiPropertyOptional({ description: 'tables this organisation sits at' }) @IsOptional() @Matches(SLUG) organisation?: string;
}

@InputType('AddTableMemberInput')
export class AddMemberDto {
  @Field({ nullable: true })
  @ApiPropertyOptional({ description: 'a partner organisation (this and/or inpsUnitId)', example: 'caritas-roma' })
  @IsOptional()
  @Matches(SLUG)
  organisationId?: string;
  @Field({ nullable: true }) @ApiPropertyOptional({ description: 'an INPS unit', example: 'dr-lazio' }) @IsOptional() @Matches(SLUG) inpsUnitId?: string;
  @Field(() => String, { description: TABLE_MEMBER_ROLES.join(', ') })
  @ApiProperty({ enum: TABLE_MEMBER_ROLES })
  @IsIn(TABLE_MEMBER_ROLES)
  role: TableMemberRole;
  @Field({ nullable: true, description: 'shown in lists; the organisation or unit name when absent' })
  @ApiPropertyOptional({ description: 'shown in lists; the organisation or unit name when absent' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  label?: string;
  @Field() @ApiProperty({ example: '2026-03-01' }) @Validate(IsIsoDay) validFrom: string;
  @Field({ nullable: true }) @ApiPropertyOptional({ description: 'last day included' }) @IsOptional() @Validate(IsIsoDay) validTo?: string;
}

@InputType('EndTableMemberInput')
export class EndMemberDto {
  @Field({ description: 'last day included' }) @ApiProperty({ description: 'last day included', example: '2026-12-31' }) @Validate(IsIsoDay) validTo: string;
}

@InputType('PlanTableMeetingInput')
export class PlanMeetingDto {
  @Field({ description: 'an instant with offset; shown in Europe/Rome' })
  @ApiProperty({ example: '2026-04-15T10:00:00+02:00' })
  @IsISO8601(INSTANT)
  startsAt: string;
  @Field({ nullable: true })
  @ApiPropertyOptional({ description: 'where (give this and/or onlineLink)' })
  @IsOptional()
  @IsString()
  @Length(1, 500)
  place?: string;
  @Field({ nullable: true })
  @ApiPropertyOptional({ description: 'video call link' })
  @IsOptional()
  @IsUrl({ protocols: ['https'], require_protocol: true })
  onlineLink?: string;
  @Field() @ApiProperty() @IsString() @Length(1, 4000) agenda: string;
}

@InputType('TableMeetingTransitionInput')
export class MeetingTransitionDto {
  @Field(() => String, { description: MEETING_ACTIONS.join(', ') }) @ApiProperty({ enum: MEETING_ACTIONS }) @IsIn(MEETING_ACTIONS) action: MeetingAction;
  @Field({ nullable: true }) @ApiPropertyOptional({ description: 'cancel: why' }) @IsOptional() @IsString() @Length(1, 4000) comment?: string;
  @Field(() => ID, { nullable: true })
  @ApiPropertyOptional({ description: 'mark_held: the minutes, an uploaded document' })
  @IsOptional()
  @IsUUID()
  minutesDocumentId?: string;
  @Field(() => [ID], { nullable: true })
  @ApiPropertyOptional({ description: 'mark_held: the members who attended', type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(200)
  @IsUUID('all', { each: true })
  attendeeIds?: string[];
  @Field(() => Int) @ApiProperty() @IsInt() @Min(1) version: number;
}

export class MeetingQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: MEETING_STATUSES }) @IsOptional() @IsIn(MEETING_STATUSES) status?: MeetingStatus;
}

@InputType('RaiseTableIssueInput')
export class RaiseIssueDto {
  @Field() @ApiProperty() @IsString() @Length(1, 200) title: string;
  @Field() @ApiProperty() @IsString() @Length(1, 4000) description: string;
  @Field() @ApiProperty({ example: '2026-03-02' }) @Validate(IsIsoDay) raisedAt: string;
}

@InputType('TableIssueTransitionInput')
export class IssueTransitionDto {
  @Field(() => String, { description: TABLE_ISSUE_ACTIONS.join(', ') })
  @ApiProperty({ enum: TABLE_ISSUE_ACTIONS })
  @IsIn(TABLE_ISSUE_ACTIONS)
  action: TableIssueAction;
  @Field({ nullable: true }) @ApiPropertyOptional({ description: 'resolve: how it was settled' }) @IsOptional() @IsString() @Length(1, 4000) note?: string;
  @Field(() => ID, { nullable: true }) @ApiPropertyOptional({ description: 'escalate: the CENTRAL table' }) @IsOptional() @IsUUID() centralTableId?: string;
  @Field(() => Int) @ApiProperty() @IsInt() @Min(1) version: number;
}

export class IssueQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: TABLE_ISSUE_STATUSES }) @IsOptional() @IsIn(TABLE_ISSUE_STATUSES) status?: TableIssueStatus;
}

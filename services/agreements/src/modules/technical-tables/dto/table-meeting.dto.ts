import { ArgsType, Field, ID, InputType, Int } from '@nestjs/graphql';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsISO8601, IsOptional, IsString, IsUrl, IsUUID, Length, Min } from 'class-validator';
import { INSTANT } from '../../../common/formats';
import { PageQueryDto } from '../../../common/pagination.dto';
import { MEETING_ACTIONS, MEETING_STATUSES, type MeetingAction, type MeetingStatus } from '../../../domain';

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

/** The filter of a table's meetings. GraphQL returns them whole (the first 200): it takes the filter, not the paging. */
@ArgsType()
export class MeetingQueryDto extends PageQueryDto {
  @Field(() => String, { nullable: true })
  @ApiPropertyOptional({ enum: MEETING_STATUSES })
  @IsOptional()
  @IsIn(MEETING_STATUSES)
  status?: MeetingStatus;
}

/** GraphQL's technicalTableMeetings: the filter, and the table REST names in its path. */
@ArgsType()
export class TableMeetingsArgs extends MeetingQueryDto {
  @Field(() => ID) @IsUUID() tableId: string;
}

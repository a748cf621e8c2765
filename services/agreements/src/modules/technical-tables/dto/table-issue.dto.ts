import { ArgsType, Field, ID, InputType, Int } from '@nestjs/graphql';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, Length, Min, Validate } from 'class-validator';
import { IsIsoDay } from '@inps/shared';
import { PageQueryDto } from '../../../common/pagination.dto';
import { TABLE_ISSUE_ACTIONS, TABLE_ISSUE_STATUSES, type TableIssueAction, type TableIssueStatus } from '../../../domain';

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

/** The filter of a table's issues. GraphQL returns them whole (the first 200): it takes the filter, not the paging. */
@ArgsType()
export class IssueQueryDto extends PageQueryDto {
  @Field(() => String, { nullable: true })
  @ApiPropertyOptional({ enum: TABLE_ISSUE_STATUSES })
  @IsOptional()
  @IsIn(TABLE_ISSUE_STATUSES)
  status?: TableIssueStatus;
}

/** GraphQL's technicalTableIssues: the filter, and the table REST names in its path. */
@ArgsType()
export class TableIssuesArgs extends IssueQueryDto {
  @Field(() => ID) @IsUUID() tableId: string;
}

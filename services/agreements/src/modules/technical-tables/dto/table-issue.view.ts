import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { ApiProperty } from '@nestjs/swagger';
import { RestPage } from '../../../common/pagination.dto';
import { TABLE_ISSUE_ACTIONS, TABLE_ISSUE_STATUSES } from '../../../domain';

// One class per answer: the REST response schema and the GraphQL object type.

@ObjectType()
export class TableIssue {
  @Field(() => ID) @ApiProperty({ format: 'uuid' }) id: string;
  @Field(() => ID) @ApiProperty({ format: 'uuid' }) tableId: string;
  @Field() @ApiProperty() title: string;
  @Field() @ApiProperty() description: string;
  @Field() @ApiProperty({ example: '2026-03-02' }) raisedAt: string;
  @Field(() => String, { description: TABLE_ISSUE_STATUSES.join(', ') }) @ApiProperty({ enum: TABLE_ISSUE_STATUSES }) status: string;
  @Field(() => ID, { nullable: true, description: 'the issue it opened on the central table' })
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'the issue it opened on the central table' })
  escalatedToId: string | null;
  @Field(() => ID, { nullable: true, description: 'the local issue it came from' })
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'the local issue it came from' })
  escalatedFromId: string | null;
  @Field(() => String, { nullable: true }) @ApiProperty({ type: String, nullable: true }) resolutionNote: string | null;
  @Field(() => String, { nullable: true }) @ApiProperty({ type: String, nullable: true }) resolvedOn: string | null;
  @Field(() => Int) @ApiProperty({ description: 'send it back with a transition (optimistic locking)' }) version: number;
  @Field(() => [String]) @ApiProperty({ enum: TABLE_ISSUE_ACTIONS, isArray: true, description: 'what the caller may do now' }) allowedActions: string[];
}

export class TableIssuePage extends RestPage(TableIssue) {}

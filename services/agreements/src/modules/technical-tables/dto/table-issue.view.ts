import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { TABLE_ISSUE_STATUSES } from '../../../domain';

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

import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { CurrentPrincipal, ParseUuidPipe, Roles, type Principal } from '@inps/shared';
import { IssueTransitionDto, RaiseIssueDto, TableIssuesArgs } from './dto/table-issue.dto';
import { TableIssue } from './dto/table-issue.view';
import { TableIssuesService } from './table-issues.service';

@Resolver(() => TableIssue)
@Roles('central', 'dg', 'territorial', 'partner_admin', 'operator')
export class TableIssuesResolver {
  constructor(private readonly issues: TableIssuesService) {}

  @Query(() => [TableIssue], { nullable: true })
  async technicalTableIssues(@Args() args: TableIssuesArgs, @CurrentPrincipal() principal: Principal) {
    return (await this.issues.list(args.tableId, { status: args.status, limit: 200 }, principal)).items;
  }

  @Mutation(() => TableIssue)
  @Roles('central', 'territorial')
  raiseTechnicalTableIssue(
    @Args('tableId', { type: () => ID }, new ParseUuidPipe('tableId')) tableId: string,
    @Args('input') input: RaiseIssueDto,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.issues.raise(tableId, input, principal);
  }

  @Mutation(() => TableIssue, { description: 'resolve (note) or escalate (centralTableId)' })
  @Roles('central', 'territorial')
  transitionTechnicalTableIssue(
    @Args('tableId', { type: () => ID }, new ParseUuidPipe('tableId')) tableId: string,
    @Args('issueId', { type: () => ID }, new ParseUuidPipe('issueId')) issueId: string,
    @Args('input') input: IssueTransitionDto,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.issues.transition(tableId, issueId, input, principal);
  }
}

import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { CurrentPrincipal, ParseUuidPipe, Roles, type Principal } from '@inps/shared';
import { MeetingTransitionDto, PlanMeetingDto, TableMeetingsArgs } from './dto/table-meeting.dto';
import { TableMeeting } from './dto/table-meeting.view';
import { TableMeetingsService } from './table-meetings.service';

@Resolver(() => TableMeeting)
@Roles('central', 'dg', 'territorial', 'partner_admin', 'operator')
export class TableMeetingsResolver {
  constructor(private readonly meetings: TableMeetingsService) {}

  @Query(() => [TableMeeting], { nullable: true })
  async technicalTableMeetings(@Args() args: TableMeetingsArgs, @CurrentPrincipal() principal: Principal) {
    return (await this.meetings.list(args.tableId, { status: args.status, limit: 200 }, principal)).items;
  }

  @Mutation(() => TableMeeting)
  @Roles('central', 'territorial')
  planTechnicalTableMeeting(
    @Args('tableId', { type: () => ID }, new ParseUuidPipe('tableId')) tableId: string,
    @Args('input') input: PlanMeetingDto,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.meetings.plan(tableId, input, principal);
  }

  @Mutation(() => TableMeeting, { description: 'mark_held (minutesDocumentId, attendeeIds) or cancel (comment)' })
  @Roles('central', 'territorial')
  transitionTechnicalTableMeeting(
    @Args('tableId', { type: () => ID }, new ParseUuidPipe('tableId')) tableId: string,
    @Args('meetingId', { type: () => ID }, new ParseUuidPipe('meetingId')) meetingId: string,
    @Args('input') input: MeetingTransitionDto,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.meetings.transition(tableId, meetingId, input, principal);
  }
}

import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { CurrentPrincipal, Roles, type Principal } from '@inps/shared';
import { MeetingTransitionDto, PlanMeetingDto, type MeetingQueryDto } from './dto/table-meeting.dto';
import { TableMeeting } from './dto/table-meeting.view';
import { TableMeetingsService } from './table-meetings.service';

@Resolver(() => TableMeeting)
@Roles('central', 'dg', 'territorial', 'partner_admin', 'operator')
export class TableMeetingsResolver {
  constructor(private readonly meetings: TableMeetingsService) {}

  @Query(() => [TableMeeting], { nullable: true })
  async technicalTableMeetings(
    @Args('tableId', { type: () => ID }) tableId: string,
    @CurrentPrincipal() principal: Principal,
    @Args('status', { nullable: true }) status?: string,
  ) {
    return (await this.meetings.list(tableId, { status, limit: 200 } as MeetingQueryDto, principal)).items;
  }

  @Mutation(() => TableMeeting)
  @Roles('central', 'territorial')
  planTechnicalTableMeeting(
    @Args('tableId', { type: () => ID }) tableId: string,
    @Args('input') input: PlanMeetingDto,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.meetings.plan(tableId, input, principal);
  }

  @Mutation(() => TableMeeting, { description: 'mark_held (minutesDocumentId, attendeeIds) or cancel (comment)' })
  @Roles('central', 'territorial')
  transitionTechnicalTableMeeting(
    @Args('tableId', { type: () => ID }) tableId: string,
    @Args('meetingId', { type: () => ID }) meetingId: string,
    @Args('input') input: MeetingTransitionDto,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.meetings.transition(tableId, meetingId, input, principal);
  }
}

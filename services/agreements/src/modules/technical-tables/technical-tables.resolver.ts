import { Args, ID, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import { CurrentPrincipal, Roles, type Principal } from '@inps/shared';
import { TableIssue, TableMeeting, TableMember, TechnicalTable, TechnicalTablePage } from '../../graphql/technical-tables.types';
import {
  AddMemberDto,
  CreateTechnicalTableDto,
  EndMemberDto,
  IssueTransitionDto,
  MeetingTransitionDto,
  PlanMeetingDto,
  RaiseIssueDto,
  type IssueQueryDto,
  type MeetingQueryDto,
  type TechnicalTableQueryDto,
  TechnicalTableTransitionDto,
} from './dto/technical-table.dto';
import { TechnicalTablesService } from './technical-tables.service';

@Resolver(() => TechnicalTable)
@Roles('central', 'dg', 'territorial', 'partner_admin', 'operator')
export class TechnicalTablesResolver {
  constructor(private readonly service: TechnicalTablesService) {}

  @Query(() => TechnicalTablePage, { nullable: true, description: 'Technical tables the caller may see (same filters as REST)' })
  technicalTables(
    @CurrentPrincipal() principal: Principal,
    @Args('level', { nullable: true }) level?: string,
    @Args('status', { nullable: true }) status?: string,
    @Args('territory', { nullable: true }) territory?: string,
    @Args('agreement', { type: () => ID, nullable: true }) agreement?: string,
    @Args('organisation', { nullable: true }) organisation?: string,
    @Args('limit', { type: () => Int, nullable: true }) limit?: number,
    @Args('offset', { type: () => Int, nullable: true }) offset?: number,
  ) {
    return this.service.list({ level, status, territory, agreement, organisation, limit, offset } as TechnicalTableQueryDto, principal);
  }

  @Query(() => TechnicalTable, { nullable: true })
  technicalTable(@Args('id', { type: () => ID }) id: string, @CurrentPrincipal() principal: Principal) {
    return this.service.get(id, principal);
  }

  @Query(() => [TableMember], { nullable: true })
  async technicalTableMembers(@Args('tableId', { type: () => ID }) tableId: string, @CurrentPrincipal() principal: Principal) {
    return (await this.service.members(tableId, { limit: 200 }, principal)).items;
  }

  @Query(() => [TableMeeting], { nullable: true })
  async technicalTableMeetings(
    @Args('tableId', { type: () => ID }) tableId: string,
    @CurrentPrincipal() principal: Principal,
    @Args('status', { nullable: true }) status?: string,
  ) {
    return (await this.service.meetings(tableId, { status, limit: 200 } as MeetingQueryDto, principal)).items;
  }

  @Query(() => [TableIssue], { nullable: true })
  async technicalTableIssues(
    @Args('tableId', { type: () => ID }) tableId: string,
    @CurrentPrincipal() principal: Principal,
    @Args('status', { nullable: true }) status?: string,
  ) {
    return (await this.service.issues(tableId, { status, limit: 200 } as IssueQueryDto, principal)).items;
  }

  @Mutation(() => TechnicalTable)
  @Roles('central', 'territorial')
  createTechnicalTable(@Args('input') input: CreateTechnicalTableDto, @CurrentPrincipal() principal: Principal) {
    return this.service.create(input, principal);
  }

  @Mutation(() => TechnicalTable, { description: 'close or reopen' })
  @Roles('central', 'territorial')
  transitionTechnicalTable(
    @Args('id', { type: () => ID }) id: string,
    @Args('input') input: TechnicalTableTransitionDto,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.service.transition(id, input, principal);
  }

  @Mutation(() => TableMember)
  @Roles('central', 'territorial')
  addTechnicalTableMember(@Args('tableId', { type: () => ID }) tableId: string, @Args('input') input: AddMemberDto, @CurrentPrincipal() principal: Principal) {
    return this.service.addMember(tableId, input, principal);
  }

  @Mutation(() => TableMember, { description: 'End a membership' })
  @Roles('central', 'territorial')
  endTechnicalTableMember(
    @Args('tableId', { type: () => ID }) tableId: string,
    @Args('memberId', { type: () => ID }) memberId: string,
    @Args('input') input: EndMemberDto,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.service.endMember(tableId, memberId, input, principal);
  }

  @Mutation(() => TableMeeting)
  @Roles('central', 'territorial')
  planTechnicalTableMeeting(
    @Args('tableId', { type: () => ID }) tableId: string,
    @Args('input') input: PlanMeetingDto,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.service.planMeeting(tableId, input, principal);
  }

  @Mutation(() => TableMeeting, { description: 'mark_held (minutesDocumentId, attendeeIds) or cancel (comment)' })
  @Roles('central', 'territorial')
  transitionTechnicalTableMeeting(
    @Args('tableId', { type: () => ID }) tableId: string,
    @Args('meetingId', { type: () => ID }) meetingId: string,
    @Args('input') input: MeetingTransitionDto,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.service.transitionMeeting(tableId, meetingId, input, principal);
  }

  @Mutation(() => TableIssue)
  @Roles('central', 'territorial')
  raiseTechnicalTableIssue(
    @Args('tableId', { type: () => ID }) tableId: string,
    @Args('input') input: RaiseIssueDto,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.service.raiseIssue(tableId, input, principal);
  }

  @Mutation(() => TableIssue, { description: 'resolve (note) or escalate (centralTableId)' })
  @Roles('central', 'territorial')
  transitionTechnicalTableIssue(
    @Args('tableId', { type: () => ID }) tableId: string,
    @Args('issueId', { type: () => ID }) issueId: string,
    @Args('input') input: IssueTransitionDto,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.service.transitionIssue(tableId, issueId, input, principal);
  }
}

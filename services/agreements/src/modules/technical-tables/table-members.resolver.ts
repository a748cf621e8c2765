import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { CurrentPrincipal, ParseUuidPipe, Roles, type Principal } from '@inps/shared';
import { AddMemberDto, EndMemberDto } from './dto/table-member.dto';
import { TableMember } from './dto/table-member.view';
import { TableMembersService } from './table-members.service';

@Resolver(() => TableMember)
@Roles('central', 'dg', 'territorial', 'partner_admin', 'operator')
export class TableMembersResolver {
  constructor(private readonly members: TableMembersService) {}

  @Query(() => [TableMember], { nullable: true })
  async technicalTableMembers(@Args('tableId', { type: () => ID }, new ParseUuidPipe('tableId')) tableId: string, @CurrentPrincipal() principal: Principal) {
    return (await this.members.list(tableId, { limit: 200 }, principal)).items;
  }

  @Mutation(() => TableMember)
  @Roles('central', 'territorial')
  addTechnicalTableMember(
    @Args('tableId', { type: () => ID }, new ParseUuidPipe('tableId')) tableId: string,
    @Args('input') input: AddMemberDto,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.members.add(tableId, input, principal);
  }

  @Mutation(() => TableMember, { description: 'End a membership' })
  @Roles('central', 'territorial')
  endTechnicalTableMember(
    @Args('tableId', { type: () => ID }, new ParseUuidPipe('tableId')) tableId: string,
    @Args('memberId', { type: () => ID }, new ParseUuidPipe('memberId')) memberId: string,
    @Args('input') input: EndMemberDto,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.members.end(tableId, memberId, input, principal);
  }
}

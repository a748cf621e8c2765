import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { CurrentPrincipal, ParseUuidPipe, Roles, type Principal } from '@inps/shared';
import { CloseReferentDto, CreateReferentDto } from './dto/referent.dto';
import { Referent } from './dto/referent.view';
import { ReferentsService } from './referents.service';

@Resolver(() => Referent)
@Roles('central', 'territorial')
export class ReferentsResolver {
  constructor(private readonly service: ReferentsService) {}

  @Query(() => [Referent], { nullable: true, description: 'Referents of an INPS unit, by role and start' })
  async referents(@Args('unitId') unitId: string, @CurrentPrincipal() principal: Principal) {
    return (await this.service.list(unitId, principal)).items;
  }

  @Mutation(() => Referent, { description: 'At most one primary referent per unit and role on any day' })
  createReferent(@Args('unitId') unitId: string, @Args('input') input: CreateReferentDto, @CurrentPrincipal() principal: Principal) {
    return this.service.create(unitId, input, principal);
  }

  @Mutation(() => Referent, { description: "End a referent's term" })
  closeReferent(
    @Args('id', { type: () => ID }, new ParseUuidPipe('id')) id: string,
    @Args('input') input: CloseReferentDto,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.service.close(id, input, principal);
  }
}

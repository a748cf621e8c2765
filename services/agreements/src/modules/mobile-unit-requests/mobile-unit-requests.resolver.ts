import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { CurrentPrincipal, ParseUuidPipe, Roles, type Principal } from '@inps/shared';
import { CreateMobileUnitRequestDto, MobileUnitQueryDto, MobileUnitTransitionDto } from './dto/mobile-unit-request.dto';
import { MobileUnitRequest, MobileUnitRequestPage } from './dto/mobile-unit-request.view';
import { MobileUnitRequestsService } from './mobile-unit-requests.service';

@Resolver(() => MobileUnitRequest)
@Roles('central', 'dg', 'territorial', 'partner_admin', 'operator')
export class MobileUnitRequestsResolver {
  constructor(private readonly service: MobileUnitRequestsService) {}

  @Query(() => MobileUnitRequestPage, {
    nullable: true,
    description: 'Requests the caller may see, by event date (partners: those under their agreements, read only)',
  })
  mobileUnitRequests(@CurrentPrincipal() principal: Principal, @Args() query: MobileUnitQueryDto) {
    return this.service.list(query, principal);
  }

  @Query(() => MobileUnitRequest, { nullable: true })
  mobileUnitRequest(@Args('id', { type: () => ID }, new ParseUuidPipe('id')) id: string, @CurrentPrincipal() principal: Principal) {
    return this.service.get(id, principal);
  }

  @Mutation(() => MobileUnitRequest, { description: 'File a request at least 15 days ahead; central may accept a later one with override.reason' })
  @Roles('central', 'territorial')
  requestMobileUnit(@Args('input') input: CreateMobileUnitRequestDto, @CurrentPrincipal() principal: Principal) {
    return this.service.create(input, principal);
  }

  @Mutation(() => MobileUnitRequest, { description: 'approve, reject (comment), assign (unit), fulfil, cancel (comment)' })
  @Roles('central', 'territorial')
  transitionMobileUnitRequest(
    @Args('id', { type: () => ID }, new ParseUuidPipe('id')) id: string,
    @Args('input') input: MobileUnitTransitionDto,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.service.transition(id, input, principal);
  }
}

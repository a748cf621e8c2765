import { Args, ID, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import { CurrentPrincipal, Roles, type Principal } from '@inps/shared';
import { OutreachEvent, OutreachEventPage } from '../../graphql/outreach.types';
import { CreateOutreachEventDto, OutreachEventTransitionDto, RescheduleOutreachEventDto, type OutreachEventQueryDto } from './dto/outreach-event.dto';
import { OutreachEventsService } from './outreach-events.service';

@Resolver(() => OutreachEvent)
@Roles('central', 'dg', 'territorial', 'partner_admin', 'operator')
export class OutreachEventsResolver {
  constructor(private readonly service: OutreachEventsService) {}

  @Query(() => OutreachEventPage, { nullable: true, description: 'Events the caller may see, by start (same filters as REST)' })
  outreachEvents(
    @CurrentPrincipal() principal: Principal,
    @Args('territory', { nullable: true }) territory?: string,
    @Args('organisation', { nullable: true }) organisation?: string,
    @Args('agreement', { type: () => ID, nullable: true }) agreement?: string,
    @Args('from', { nullable: true }) from?: string,
    @Args('to', { nullable: true }) to?: string,
    @Args('limit', { type: () => Int, nullable: true }) limit?: number,
    @Args('offset', { type: () => Int, nullable: true }) offset?: number,
  ) {
    return this.service.list({ territory, organisation, agreement, from, to, limit, offset } as OutreachEventQueryDto, principal);
  }

  @Query(() => OutreachEvent, { nullable: true })
  outreachEvent(@Args('id', { type: () => ID }) id: string, @CurrentPrincipal() principal: Principal) {
    return this.service.get(id, principal);
  }

  @Mutation(() => OutreachEvent, { description: 'Plan an outreach event in one of your territories' })
  @Roles('central', 'territorial')
  planOutreachEvent(@Args('input') input: CreateOutreachEventDto, @CurrentPrincipal() principal: Principal) {
    return this.service.create(input, principal);
  }

  @Mutation(() => OutreachEvent, { description: 'Move an event (raises its calendar sequence)' })
  @Roles('central', 'territorial')
  rescheduleOutreachEvent(
    @Args('id', { type: () => ID }) id: string,
    @Args('input') input: RescheduleOutreachEventDto,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.service.reschedule(id, input, principal);
  }

  @Mutation(() => OutreachEvent, { description: 'communicate, confirm, mark_held (peopleContacted), cancel (comment)' })
  @Roles('central', 'territorial')
  transitionOutreachEvent(
    @Args('id', { type: () => ID }) id: string,
    @Args('input') input: OutreachEventTransitionDto,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.service.transition(id, input, principal);
  }
}

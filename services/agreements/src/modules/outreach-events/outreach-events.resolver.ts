import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { CurrentPrincipal, ParseUuidPipe, Roles, type Principal } from '@inps/shared';
import { CreateOutreachEventDto, OutreachEventQueryDto, OutreachEventTransitionDto, RescheduleOutreachEventDto } from './dto/outreach-event.dto';
import { OutreachEvent, OutreachEventPage } from './dto/outreach-event.view';
import { OutreachEventsService } from './outreach-events.service';

@Resolver(() => OutreachEvent)
@Roles('central', 'dg', 'territorial', 'partner_admin', 'operator')
export class OutreachEventsResolver {
  constructor(private readonly service: OutreachEventsService) {}

  @Query(() => OutreachEventPage, { nullable: true, description: 'Events the caller may see, by start (same filters as REST)' })
  outreachEvents(@CurrentPrincipal() principal: Principal, @Args() query: OutreachEventQueryDto) {
    return this.service.list(query, principal);
  }

  @Query(() => OutreachEvent, { nullable: true })
  outreachEvent(@Args('id', { type: () => ID }, new ParseUuidPipe('id')) id: string, @CurrentPrincipal() principal: Principal) {
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
    @Args('id', { type: () => ID }, new ParseUuidPipe('id')) id: string,
    @Args('input') input: RescheduleOutreachEventDto,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.service.reschedule(id, input, principal);
  }

  @Mutation(() => OutreachEvent, { description: 'communicate, confirm, mark_held (peopleContacted), cancel (comment)' })
  @Roles('central', 'territorial')
  transitionOutreachEvent(
    @Args('id', { type: () => ID }, new ParseUuidPipe('id')) id: string,
    @Args('input') input: OutreachEventTransitionDto,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.service.transition(id, input, principal);
  }
}

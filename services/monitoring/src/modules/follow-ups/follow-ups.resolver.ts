import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { CurrentPrincipal, Roles, type Principal } from '@inps/shared';
import { CreateFollowUpDto } from './dto/follow-up.dto';
import { FollowUpView } from './dto/follow-up.response';
import { FollowUpsService } from './follow-ups.service';

/** `POST /api/v1/follow-ups` for GraphQL clients: the same input, rules and answers. */
@Resolver(() => FollowUpView)
export class FollowUpsResolver {
  constructor(private readonly followUps: FollowUpsService) {}

  @Mutation(() => FollowUpView, { description: 'Take in charge the person behind a completed screening, named by its id or by the resume code on their paper' })
  @Roles('partner_admin', 'operator', 'partner_app')
  recordFollowUp(@Args('input') input: CreateFollowUpDto, @CurrentPrincipal() principal: Principal | null): Promise<FollowUpView> {
    return this.followUps.create(principal, input);
  }
}

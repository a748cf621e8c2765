import { Args, ID, Int, Mutation, Parent, Query, ResolveField, Resolver, ResolveReference } from '@nestjs/graphql';
import type { Request } from 'express';
import { CurrentPrincipal, type Principal, ReferencePrincipal, Roles } from '@inps/shared';
import { Agreement, AgreementPage, AgreementTransition, AgreementTransitionInput, CreateAgreementInput, Organisation, Territory } from '../../graphql/types';
import { ReferenceDataService } from '../reference-data/reference-data.service';
import { AgreementsService } from './agreements.service';
import type { AgreementQueryDto } from './dto/agreement.dto';

type AgreementView = Awaited<ReturnType<AgreementsService['get']>>;

@Resolver(() => Agreement)
@Roles('central', 'dg', 'territorial', 'partner_admin', 'operator')
export class AgreementsResolver {
  constructor(
    private readonly service: AgreementsService,
    private readonly reference: ReferenceDataService,
    private readonly referencePrincipal: ReferencePrincipal,
  ) {}

  @Query(() => AgreementPage, { description: 'Agreements the caller may see (same filters as REST)' })
  agreements(
    @CurrentPrincipal() principal: Principal,
    @Args('status', { nullable: true }) status?: string,
    @Args('kind', { nullable: true }) kind?: string,
    @Args('territory', { nullable: true }) territory?: string,
    @Args('organisation', { nullable: true }) organisation?: string,
    @Args('limit', { type: () => Int, nullable: true }) limit?: number,
    @Args('offset', { type: () => Int, nullable: true }) offset?: number,
  ) {
    return this.service.list({ status, kind, territory, organisation, limit, offset } as AgreementQueryDto, principal);
  }

  @Query(() => Agreement)
  agreement(@Args('id', { type: () => ID }) id: string, @CurrentPrincipal() principal: Principal) {
    return this.service.get(id, principal);
  }

  @Query(() => [AgreementTransition])
  async agreementHistory(@Args('id', { type: () => ID }) id: string, @CurrentPrincipal() principal: Principal) {
    return (await this.service.history(id, principal)).items;
  }

  @Mutation(() => Agreement)
  @Roles('central', 'territorial')
  createAgreement(@Args('input') input: CreateAgreementInput, @CurrentPrincipal() principal: Principal) {
    return this.service.create(input, principal);
  }

  @Mutation(() => Agreement, { description: '409-equivalent errors carry extensions.code TRANSITION_NOT_ALLOWED or STALE_VERSION' })
  @Roles('central', 'dg', 'territorial')
  transitionAgreement(@Args('id', { type: () => ID }) id: string, @Args('input') input: AgreementTransitionInput, @CurrentPrincipal() principal: Principal) {
    return this.service.transition(id, input, principal);
  }

  @ResolveField(() => [Organisation])
  organisations(@Parent() a: AgreementView) {
    return a.parties.flatMap((p) => (p.organisationId ? [this.reference.organisation(p.organisationId)].filter((o) => o !== undefined) : []));
  }

  @ResolveField(() => [Territory])
  territories(@Parent() a: AgreementView) {
    return a.scope.flatMap((code) => {
      const t = this.reference.territories.get(code);
      return t ? [t] : [];
    });
  }

  /**
   * Apollo calls this as (reference, context, info): the guard and @CurrentPrincipal do not see the
   * request here, so ReferencePrincipal verifies the token.
   */
  @ResolveReference()
  async resolveReference(ref: { id: string }, context?: { req?: Request }) {
    return this.service.get(ref.id, await this.referencePrincipal.of(context));
  }
}

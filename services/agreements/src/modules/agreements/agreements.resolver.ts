import { Args, Context, ID, Mutation, Parent, Query, ResolveField, Resolver, ResolveReference } from '@nestjs/graphql';
import type { Request } from 'express';
import { CurrentPrincipal, ParseUuidPipe, type Principal, ReferencePrincipal, Roles } from '@inps/shared';
import { OutreachEvent } from '../outreach-events/dto/outreach-event.view';
import { OutreachEventsService } from '../outreach-events/outreach-events.service';
import { Organisation, Territory } from '../reference-data/dto/reference-data.view';
import { ReferenceDataService } from '../reference-data/reference-data.service';
import { TechnicalTable } from '../technical-tables/dto/technical-table.view';
import { TechnicalTablesService } from '../technical-tables/technical-tables.service';
import { AgreementsService } from './agreements.service';
import { AgreementQueryDto, CreateAgreementDto, EditAgreementDto, TransitionDto } from './dto/agreement.dto';
import { Agreement, AgreementPage, AgreementTransition } from './dto/agreement.view';

@Resolver(() => Agreement)
@Roles('central', 'dg', 'territorial', 'partner_admin', 'operator')
export class AgreementsResolver {
  constructor(
    private readonly service: AgreementsService,
    private readonly reference: ReferenceDataService,
    private readonly referencePrincipal: ReferencePrincipal,
    private readonly outreach: OutreachEventsService,
    private readonly tables: TechnicalTablesService,
  ) {}

  @Query(() => AgreementPage, { nullable: true, description: 'Agreements the caller may see (same filters as REST)' })
  agreements(@CurrentPrincipal() principal: Principal, @Args() query: AgreementQueryDto) {
    return this.service.list(query, principal);
  }

  @Query(() => Agreement, { nullable: true })
  agreement(@Args('id', { type: () => ID }, new ParseUuidPipe('id')) id: string, @CurrentPrincipal() principal: Principal) {
    return this.service.get(id, principal);
  }

  @Query(() => [AgreementTransition], { nullable: true })
  async agreementHistory(@Args('id', { type: () => ID }, new ParseUuidPipe('id')) id: string, @CurrentPrincipal() principal: Principal) {
    return (await this.service.history(id, principal)).items;
  }

  @Mutation(() => Agreement)
  @Roles('central', 'territorial')
  createAgreement(@Args('input') input: CreateAgreementDto, @CurrentPrincipal() principal: Principal) {
    return this.service.create(input, principal);
  }

  @Mutation(() => Agreement, {
    description: 'Edits a draft (DRAFT or CHANGES_REQUESTED); errors carry extensions.code STALE_VERSION or TRANSITION_NOT_ALLOWED',
  })
  @Roles('central', 'territorial')
  editAgreement(
    @Args('id', { type: () => ID }, new ParseUuidPipe('id')) id: string,
    @Args('input') input: EditAgreementDto,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.service.edit(id, input, principal);
  }

  @Mutation(() => Agreement, { description: '409-equivalent errors carry extensions.code TRANSITION_NOT_ALLOWED or STALE_VERSION' })
  @Roles('central', 'dg', 'territorial')
  transitionAgreement(
    @Args('id', { type: () => ID }, new ParseUuidPipe('id')) id: string,
    @Args('input') input: TransitionDto,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.service.transition(id, input, principal);
  }

  @ResolveField(() => [Organisation])
  organisations(@Parent() a: Agreement) {
    return a.parties.flatMap((p) => (p.organisationId ? [this.reference.organisation(p.organisationId)].filter((o) => o !== undefined) : []));
  }

  @ResolveField(() => [Territory])
  territories(@Parent() a: Agreement) {
    return a.scope.flatMap((code) => {
      const t = this.reference.territories.get(code);
      return t ? [t] : [];
    });
  }

  // Field resolvers also run under _entities, where the guard has not seen the request: hence
  // ReferencePrincipal rather than @CurrentPrincipal.
  @ResolveField(() => [OutreachEvent], { description: 'outreach events implementing it that the caller may see (first 200)' })
  async outreachEvents(@Parent() a: Agreement, @Context() context: { req?: Request }) {
    const page = await this.outreach.list({ agreement: a.id, limit: 200 }, await this.referencePrincipal.of(context));
    return page.items;
  }

  @ResolveField(() => [TechnicalTable], { description: 'technical tables set up under it that the caller may see (first 200)' })
  async technicalTables(@Parent() a: Agreement, @Context() context: { req?: Request }) {
    const page = await this.tables.list({ agreement: a.id, limit: 200 }, await this.referencePrincipal.of(context));
    return page.items;
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

import { Args, Context, Info, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { CurrentPrincipal, type Principal } from '@inps/shared';
import type { GraphQLResolveInfo } from 'graphql';
import { entityKeys, RequestBatches } from '../../common/request-batch';
import { SemesterFilter } from '../../common/semester.args';
import { Organisation, Territory } from '../federation/federation.types';
import { PartnerReturn, type ReturnView } from './dto/return.response';
import { ReturnsService } from './returns.service';

@Resolver(() => Territory)
export class TerritoryReturnsResolver {
  private readonly batches = new RequestBatches();

  constructor(private readonly returns: ReturnsService) {}

  // Nullable so that when monitoring fails the territory keeps the fields agreements resolved.
  @ResolveField('returns', () => [PartnerReturn], { nullable: true, description: 'Returns filed for this territory (partners: their own)' })
  async returnsFiled(
    @Parent() t: Territory,
    @Args() { semester }: SemesterFilter,
    @CurrentPrincipal() principal: Principal | null,
    @Context() request: object,
    @Info() info: GraphQLResolveInfo,
  ): Promise<ReturnView[]> {
    // One listing serves every territory of the request instead of one listing per territory.
    const found = await this.batches.load(
      request,
      `territory-returns:${semester ?? ''}`,
      t.istatCode,
      () => entityKeys(info, 'Territory', 'istatCode'),
      async (codes) => {
        const all = await this.returns.list(principal, { semester });
        return new Map(codes.map((code) => [code, all.filter((r) => r.territory === code)]));
      },
    );
    return found ?? [];
  }
}

@Resolver(() => Organisation)
export class OrganisationReturnsResolver {
  private readonly batches = new RequestBatches();

  constructor(private readonly returns: ReturnsService) {}

  // Nullable so that when monitoring fails the organisation keeps the fields agreements resolved.
  @ResolveField('returns', () => [PartnerReturn], {
    nullable: true,
    description: "The organisation's semiannual returns (partners: only their own organisation)",
  })
  async returnsFiled(
    @Parent() o: Organisation,
    @Args() { semester }: SemesterFilter,
    @CurrentPrincipal() principal: Principal | null,
    @Context() request: object,
    @Info() info: GraphQLResolveInfo,
  ): Promise<ReturnView[]> {
    // The gateway asks for all the organisations of a query in one _entities request: one query for them all.
    const found = await this.batches.load(
      request,
      `organisation-returns:${semester ?? ''}`,
      o.id,
      () => entityKeys(info, 'Organisation', 'id'),
      (ids) => this.returns.listForOrganisations(principal, ids, semester),
    );
    return found ?? [];
  }
}

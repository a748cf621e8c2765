import { Args, Query, Resolver, ResolveReference } from '@nestjs/graphql';
import type { Request } from 'express';
import { ReferencePrincipal } from '@inps/shared';
import { pageOf } from '../../common/pagination.dto';
import { InpsUnit, Organisation, Territory, TerritoryPage } from './dto/reference-data.view';
import { TerritoryArgs, TerritoryQueryDto } from './dto/territory-query.dto';
import { ReferenceDataService } from './reference-data.service';

@Resolver(() => Territory)
export class TerritoryResolver {
  constructor(
    private readonly reference: ReferenceDataService,
    private readonly referencePrincipal: ReferencePrincipal,
  ) {}

  @Query(() => TerritoryPage, { nullable: true, description: 'Search by name or ISTAT code' })
  territories(@Args() query: TerritoryQueryDto) {
    return pageOf(this.reference.searchTerritories(query.q, query.level ? [query.level] : undefined, query.on), query);
  }

  @Query(() => Territory, { nullable: true })
  territory(@Args() args: TerritoryArgs) {
    return this.reference.territory(args.istatCode, args.on);
  }

  @ResolveReference()
  async resolveReference(ref: { istatCode: string }, context?: { req?: Request }) {
    await this.referencePrincipal.of(context);
    return this.reference.territories.get(ref.istatCode) ?? null;
  }
}

@Resolver(() => Organisation)
export class OrganisationResolver {
  constructor(
    private readonly reference: ReferenceDataService,
    private readonly referencePrincipal: ReferencePrincipal,
  ) {}

  @Query(() => [Organisation], { nullable: true })
  organisations() {
    return this.reference.organisations;
  }

  @ResolveReference()
  async resolveReference(ref: { id: string }, context?: { req?: Request }) {
    await this.referencePrincipal.of(context);
    return this.reference.organisation(ref.id) ?? null;
  }
}

@Resolver(() => InpsUnit)
export class InpsUnitResolver {
  constructor(
    private readonly reference: ReferenceDataService,
    private readonly referencePrincipal: ReferencePrincipal,
  ) {}

  @Query(() => [InpsUnit], { nullable: true })
  inpsUnits() {
    return this.reference.inpsUnits;
  }

  @ResolveReference()
  async resolveReference(ref: { id: string }, context?: { req?: Request }) {
    await this.referencePrincipal.of(context);
    return this.reference.inpsUnits.find((u) => u.id === ref.id) ?? null;
  }
}

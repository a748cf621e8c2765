import { Args, Int, Query, Resolver, ResolveReference } from '@nestjs/graphql';
import { InpsUnit, Organisation, Territory, TerritoryPage } from '../../graphql/types';
import { TERRITORY_LEVELS, type TerritoryLevel } from '@inps/territories';
import { isIsoDate } from '@inps/kernel';
import { ReferencePrincipal, ValidationFailedError } from '@inps/shared';
import { pageOf } from '../../common/pagination.dto';
import type { Request } from 'express';
import { ReferenceDataService } from './reference-data.service';

@Resolver(() => Territory)
export class TerritoryResolver {
  constructor(
    private readonly reference: ReferenceDataService,
    private readonly referencePrincipal: ReferencePrincipal,
  ) {}

  @Query(() => TerritoryPage, { nullable: true, description: 'Search by name or ISTAT code' })
  territories(
    @Args('q', { nullable: true }) q?: string,
    @Args('level', { nullable: true }) level?: string,
    @Args('on', { nullable: true }) on?: string,
    @Args('limit', { type: () => Int, nullable: true }) limit?: number,
    @Args('offset', { type: () => Int, nullable: true }) offset?: number,
  ) {
    const details = [
      ...(level && !(TERRITORY_LEVELS as readonly string[]).includes(level)
        ? [{ field: 'level', issue: `must be one of ${TERRITORY_LEVELS.join(', ')}` }]
        : []),
      ...(on && !isIsoDate(on) ? [{ field: 'on', issue: 'must be YYYY-MM-DD' }] : []),
      ...(limit !== undefined && (limit < 1 || limit > 200) ? [{ field: 'limit', issue: 'must be 1-200' }] : []),
      ...(offset !== undefined && offset < 0 ? [{ field: 'offset', issue: 'must be 0 or more' }] : []),
    ];
    if (details.length > 0) throw new ValidationFailedError(details);
    return pageOf(this.reference.searchTerritories(q, level ? [level as TerritoryLevel] : undefined, on), { limit, offset });
  }

  @Query(() => Territory, { nullable: true })
  territory(@Args('istatCode') istatCode: string, @Args('on', { nullable: true }) on?: string) {
    return this.reference.territory(istatCode, on);
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

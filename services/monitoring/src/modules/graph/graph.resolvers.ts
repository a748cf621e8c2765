import { textIn } from '@inps/kernel';
import { Args, Context, Info, Parent, Query, ResolveField, Resolver, ResolveReference } from '@nestjs/graphql';
import { CurrentPrincipal, ValidationFailedError, type Principal } from '@inps/shared';
import type { GraphQLResolveInfo } from 'graphql';
import { entityKeys, RequestBatches } from '../../common/request-batch';
import { tryParseSemester } from '../../domain';
import { isSuppressed, type IndicatorFigures, type ReportNumber } from '../reports/render';
import { IndicatorsService, type IndicatorsView } from '../indicators/indicators.service';
import { ReturnsService } from '../returns/returns.service';
import { Indicators, Organisation, PartnerReturn, Territory, type Indicator, type IndicatorValue } from './graph.types';

function figure(value: ReportNumber): IndicatorValue {
  return isSuppressed(value) ? { value: null, suppressed: true } : { value, suppressed: false };
}

function indicator(f: IndicatorFigures): Indicator {
  return {
    id: f.indicatorId,
    section: f.section,
    unit: f.unit,
    labelIt: f.label.it,
    labelEn: textIn(f.label, 'en'),
    numerator: figure(f.numerator),
    denominator: figure(f.denominator),
    value: figure(f.value),
  };
}

function indicators(v: IndicatorsView): Indicators {
  return {
    semester: v.semester,
    scopeLevel: v.scope.level,
    scopeCode: v.scope.istatCode,
    partnerView: v.partnerView,
    withheld: v.withheld,
    indicators: v.indicators.map(indicator),
  };
}

/** GraphQL arguments go through the same checks as REST query strings, named the same. */
function semesterArg(semester: string): string {
  const parsed = tryParseSemester(semester);
  if (!parsed.ok) throw new ValidationFailedError([{ field: 'semester', issue: parsed.error }]);
  return parsed.semester.id;
}

@Resolver(() => Territory)
export class TerritoryResolver {
  private readonly batches = new RequestBatches();

  constructor(
    private readonly indicatorsService: IndicatorsService,
    private readonly returns: ReturnsService,
  ) {}

  @Query(() => Indicators, { nullable: true, description: "A semester's indicators for Italy (no territory) or a territory" })
  indicators(
    @Args('semester') semester: string,
    @Args('territory', { type: () => String, nullable: true }) territory: string | undefined,
    @CurrentPrincipal() principal: Principal | null,
  ) {
    return this.indicatorsService.get(principal, { semester: semesterArg(semester), territory: territory ?? undefined }).then(indicators);
  }

  @ResolveReference()
  resolveReference(reference: { istatCode: string }): Territory {
    return { istatCode: reference.istatCode };
  }

  // Nullable like every field monitoring adds to agreements' entities: when monitoring fails, the
  // territory keeps the fields agreements resolved instead of being nulled up to the root.
  @ResolveField('indicators', () => Indicators, { nullable: true })
  territoryIndicators(@Parent() t: Territory, @Args('semester') semester: string, @CurrentPrincipal() principal: Principal | null) {
    return this.indicatorsService.get(principal, { semester: semesterArg(semester), territory: t.istatCode }).then(indicators);
  }

  @ResolveField('returns', () => [PartnerReturn], { nullable: true, description: 'Returns filed for this territory (partners: their own)' })
  async returnsFiled(
    @Parent() t: Territory,
    @Args('semester', { type: () => String, nullable: true }) semester: string | undefined,
    @CurrentPrincipal() principal: Principal | null,
    @Context() request: object,
    @Info() info: GraphQLResolveInfo,
  ) {
    const filter = semester ? semesterArg(semester) : undefined;
    // One listing serves every territory of the request instead of one listing per territory.
    const found = await this.batches.load(
      request,
      `territory-returns:${filter ?? ''}`,
      t.istatCode,
      entityKeys(info, 'Territory', 'istatCode'),
      async (codes) => {
        const all = await this.returns.list(principal, { semester: filter });
        return new Map(codes.map((code) => [code, all.filter((r) => r.territory === code)]));
      },
    );
    return found ?? [];
  }
}

@Resolver(() => Organisation)
export class OrganisationResolver {
  private readonly batches = new RequestBatches();

  constructor(private readonly returns: ReturnsService) {}

  @ResolveReference()
  resolveReference(reference: { id: string }): Organisation {
    return { id: reference.id };
  }

  // Nullable so that when monitoring fails the organisation keeps the fields agreements resolved.
  @ResolveField('returns', () => [PartnerReturn], {
    nullable: true,
    description: "The organisation's semiannual returns (partners: only their own organisation)",
  })
  async returnsFiled(
    @Parent() o: Organisation,
    @Args('semester', { type: () => String, nullable: true }) semester: string | undefined,
    @CurrentPrincipal() principal: Principal | null,
    @Context() request: object,
    @Info() info: GraphQLResolveInfo,
  ) {
    const filter = semester ? semesterArg(semester) : undefined;
    // The gateway asks for all the organisations of a query in one _entities request: one query for them all.
    const found = await this.batches.load(request, `organisation-returns:${filter ?? ''}`, o.id, entityKeys(info, 'Organisation', 'id'), (ids) =>
      this.returns.listForOrganisations(principal, ids, filter),
    );
    return found ?? [];
  }
}

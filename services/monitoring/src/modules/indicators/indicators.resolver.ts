import { textIn } from '@inps/kernel';
import { Args, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { CurrentPrincipal, type Principal } from '@inps/shared';
import { SemesterArgs } from '../../common/semester.args';
import { Territory } from '../federation/federation.types';
import { isSuppressed, type IndicatorFigures, type ReportNumber } from '../reports/render';
import { IndicatorsQuery } from './dto/indicators.dto';
import { Indicator, Indicators, IndicatorValue, type IndicatorBreakdown, type IndicatorSource, type IndicatorsView } from './dto/indicators.response';
import { IndicatorsService } from './indicators.service';

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
    sources: (f.breakdowns.find((b) => b.breakdown === 'source')?.categories ?? []).map((c): IndicatorSource => ({
      source: c.category,
      labelIt: c.label.it,
      labelEn: textIn(c.label, 'en'),
      numerator: figure(c.numerator),
      value: figure(c.value),
    })),
    breakdowns: f.breakdowns.map((b): IndicatorBreakdown => ({
      breakdown: b.breakdown,
      labelIt: b.label.it,
      labelEn: textIn(b.label, 'en'),
      categories: b.categories.map((c) => ({
        category: c.category,
        labelIt: c.label.it,
        labelEn: textIn(c.label, 'en'),
        numerator: figure(c.numerator),
        value: figure(c.value),
      })),
    })),
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

@Resolver(() => Territory)
export class IndicatorsResolver {
  constructor(private readonly service: IndicatorsService) {}

  @Query(() => Indicators, { nullable: true, description: "A semester's indicators for Italy (no territory) or a territory" })
  indicators(@Args() query: IndicatorsQuery, @CurrentPrincipal() principal: Principal | null): Promise<Indicators> {
    return this.service.get(principal, query).then(indicators);
  }

  // Nullable like every field monitoring adds to agreements' entities: when monitoring fails, the
  // territory keeps the fields agreements resolved instead of being nulled up to the root.
  @ResolveField('indicators', () => Indicators, { nullable: true })
  territoryIndicators(@Parent() t: Territory, @Args() { semester }: SemesterArgs, @CurrentPrincipal() principal: Principal | null): Promise<Indicators> {
    return this.service.get(principal, { semester, territory: t.istatCode }).then(indicators);
  }
}

import { Field, Float, ObjectType } from '@nestjs/graphql';
import { ApiProperty } from '@nestjs/swagger';
import { IndicatorFiguresView, ReportScopeView } from '../../reports/dto/report-snapshot.response';

// REST answers with the report's own indicator rows (IndicatorsView); GraphQL with a flatter shape
// (Indicators) whose figures say whether they were suppressed.

/** `GET /api/v1/indicators`: a semester's indicators, computed the report's way from the rollups. */
export class IndicatorsView {
  @ApiProperty({ example: '2026S1' })
  readonly semester: string;

  @ApiProperty({ type: ReportScopeView })
  readonly scope: ReportScopeView;

  @ApiProperty({ description: 'small counts suppressed and internal indicators left out (partners)' })
  readonly partnerView: boolean;

  @ApiProperty({ type: String, nullable: true, description: 'set when partners get no figures because suppression cannot protect the small counts' })
  readonly withheld: string | null;

  @ApiProperty({ type: [IndicatorFiguresView] })
  readonly indicators: readonly IndicatorFiguresView[];
}

/** A figure of an indicator: null when unknown; `suppressed` when withheld from partners. */
@ObjectType()
export class IndicatorValue {
  @Field(() => Float, { nullable: true })
  value: number | null;

  @Field()
  suppressed: boolean;
}

/** The part of a figure that one source gives (breakdown `source`: follow-ups recorded in the system, partners' returns). */
@ObjectType()
export class IndicatorSource {
  @Field({ description: 'FOLLOW_UPS (recorded in the system) or RETURNS (partners six-monthly returns)' })
  source: string;

  @Field()
  labelIt: string;

  @Field()
  labelEn: string;

  @Field(() => IndicatorValue)
  numerator: IndicatorValue;

  @Field(() => IndicatorValue)
  value: IndicatorValue;
}

/** One category of a breakdown (a fact, a fact and benefit pair, a channel, a territory, …). */
@ObjectType()
export class IndicatorCategory {
  @Field({ description: 'the category code: a fact name, `<fact>:<benefitId>`, a channel, an ISTAT code, …' })
  category: string;

  @Field()
  labelIt: string;

  @Field()
  labelEn: string;

  @Field(() => IndicatorValue)
  numerator: IndicatorValue;

  @Field(() => IndicatorValue)
  value: IndicatorValue;
}

@ObjectType()
export class IndicatorBreakdown {
  @Field({ description: 'territory, channel, benefit, fact, factBenefit, ageBand, …' })
  breakdown: string;

  @Field()
  labelIt: string;

  @Field()
  labelEn: string;

  @Field(() => [IndicatorCategory])
  categories: IndicatorCategory[];
}

@ObjectType()
export class Indicator {
  @Field()
  id: string;

  @Field()
  section: string;

  @Field({ description: 'count, share or days' })
  unit: string;

  @Field()
  labelIt: string;

  @Field()
  labelEn: string;

  @Field(() => IndicatorValue)
  numerator: IndicatorValue;

  @Field(() => IndicatorValue)
  denominator: IndicatorValue;

  @Field(() => IndicatorValue)
  value: IndicatorValue;

  @Field(() => [IndicatorSource], { description: 'For figures fed by follow-ups and by partners returns: how much comes from each (else empty)' })
  sources: IndicatorSource[];

  @Field(() => [IndicatorBreakdown], { description: 'The figure by each of its breakdowns, as in the reports (partners: small counts suppressed)' })
  breakdowns: IndicatorBreakdown[];
}

@ObjectType()
export class Indicators {
  @Field()
  semester: string;

  @Field({ description: 'NATIONAL, REGION, PROVINCE, METROPOLITAN_CITY or COMUNE' })
  scopeLevel: string;

  @Field(() => String, { nullable: true })
  scopeCode: string | null;

  @Field({ description: 'small counts suppressed and internal indicators left out (partners)' })
  partnerView: boolean;

  @Field(() => String, { nullable: true, description: 'why partners get no figures' })
  withheld: string | null;

  @Field(() => [Indicator])
  indicators: Indicator[];
}

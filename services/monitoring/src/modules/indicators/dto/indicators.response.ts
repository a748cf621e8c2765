import { Field, Float, ObjectType } from '@nestjs/graphql';

/** A figure of an indicator: null when unknown; `suppressed` when withheld from partners. */
@ObjectType()
export class IndicatorValue {
  @Field(() => Float, { nullable: true })
  value: number | null;

  @Field()
  suppressed: boolean;
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

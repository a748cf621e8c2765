import { Directive, Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { TERRITORY_LEVELS, type TerritoryLevel } from '@inps/territories';

/** Owned here: other subgraphs (monitoring) reference territories by ISTAT code. */
@ObjectType()
@Directive('@key(fields: "istatCode")')
export class Territory {
  @Field(() => ID) istatCode: string;
  @Field() name: string;
  @Field(() => String, { description: TERRITORY_LEVELS.join(', ') }) level: TerritoryLevel;
  @Field(() => String, { nullable: true }) parentCode: string | null;
  @Field(() => String, { nullable: true }) regionCode: string | null;
  @Field(() => String, { nullable: true }) provinceCode: string | null;
  @Field(() => String, { nullable: true }) acronym: string | null;
  @Field(() => String, { nullable: true }) validFrom: string | null;
  @Field(() => String, { nullable: true }) validTo: string | null;
}

@ObjectType()
@Directive('@key(fields: "id")')
export class Organisation {
  @Field(() => ID) id: string;
  @Field() kind: string;
  @Field() name: string;
  @Field(() => String, { nullable: true }) shortName: string | null;
  @Field() territoryCode: string;
  @Field(() => String, { nullable: true }) parentId: string | null;
  @Field() demo: boolean;
}

@ObjectType()
@Directive('@key(fields: "id")')
export class InpsUnit {
  @Field(() => ID) id: string;
  @Field() kind: string;
  @Field() name: string;
  @Field() shortName: string;
  @Field(() => String, { nullable: true }) parentId: string | null;
  @Field(() => [String]) covers: string[];
  @Field(() => [String]) excludes: string[];
}

@ObjectType()
export class TerritoryPage {
  @Field(() => [Territory]) items: Territory[];
  @Field(() => Int) total: number;
}

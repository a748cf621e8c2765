import { Directive, Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { ApiProperty } from '@nestjs/swagger';
import { TERRITORY_LEVELS, type TerritoryLevel } from '@inps/territories';
import { PageSlice, RestPage } from '../../../common/pagination.dto';
import { INPS_UNIT_KINDS, ORGANISATION_KINDS } from '../reference-data.types';

// One class per answer: the REST response schema and the GraphQL object type. Properties with
// @ApiProperty alone are REST's only, kept out of the GraphQL schema.

const nullableDay = { type: String, nullable: true, example: null } as const;

/** Owned here: other subgraphs (monitoring) reference territories by ISTAT code. */
@ObjectType()
@Directive('@key(fields: "istatCode")')
export class Territory {
  @Field(() => ID) @ApiProperty({ example: '058091' }) istatCode: string;
  @Field() @ApiProperty({ example: 'Roma' }) name: string;
  @Field(() => String, { description: TERRITORY_LEVELS.join(', ') }) @ApiProperty({ enum: TERRITORY_LEVELS }) level: TerritoryLevel;
  @Field(() => String, { nullable: true }) @ApiProperty({ type: String, nullable: true }) parentCode: string | null;
  @Field(() => String, { nullable: true }) @ApiProperty({ type: String, nullable: true }) regionCode: string | null;
  @Field(() => String, { nullable: true }) @ApiProperty({ type: String, nullable: true }) provinceCode: string | null;
  @Field(() => String, { nullable: true }) @ApiProperty({ type: String, nullable: true, example: 'RM' }) acronym: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'ISTAT code of the metropolitan city as a body' }) utsCode: string | null;
  @Field(() => String, { nullable: true }) @ApiProperty(nullableDay) validFrom: string | null;
  @Field(() => String, { nullable: true }) @ApiProperty(nullableDay) validTo: string | null;
}

/** A territory with the codes above it, nearest first, ending with IT. */
export class TerritoryWithAncestors extends Territory {
  @ApiProperty({ type: [String], example: ['058', '12', 'IT'] }) ancestors: readonly string[];
}

@ObjectType()
@Directive('@key(fields: "id")')
export class Organisation {
  @Field(() => ID) @ApiProperty({ example: 'caritas-roma' }) id: string;
  @Field() @ApiProperty({ enum: ORGANISATION_KINDS }) kind: string;
  @Field() @ApiProperty() name: string;
  @Field(() => String, { nullable: true }) @ApiProperty({ type: String, nullable: true }) shortName: string | null;
  @Field() @ApiProperty({ description: 'where it works: an ISTAT code, or IT' }) territoryCode: string;
  @Field(() => String, { nullable: true }) @ApiProperty({ type: String, nullable: true }) parentId: string | null;
  @Field() @ApiProperty({ description: 'fictitious, for demonstrations and tests' }) demo: boolean;
  @ApiProperty(nullableDay) validFrom: string | null;
  @ApiProperty(nullableDay) validTo: string | null;
}

@ObjectType()
@Directive('@key(fields: "id")')
export class InpsUnit {
  @Field(() => ID) @ApiProperty({ example: 'dr-lazio' }) id: string;
  @Field() @ApiProperty({ enum: INPS_UNIT_KINDS }) kind: string;
  @Field() @ApiProperty() name: string;
  @Field() @ApiProperty() shortName: string;
  @Field(() => String, { nullable: true }) @ApiProperty({ type: String, nullable: true }) parentId: string | null;
  @Field(() => [String]) @ApiProperty({ type: [String], description: 'ISTAT codes (or IT) it is competent for' }) covers: readonly string[];
  @Field(() => [String]) @ApiProperty({ type: [String], description: 'areas inside covers another unit handles' }) excludes: readonly string[];
  @ApiProperty(nullableDay) validFrom: string | null;
  @ApiProperty(nullableDay) validTo: string | null;
}

@ObjectType()
export class TerritoryPage extends PageSlice {
  @Field(() => [Territory]) @ApiProperty({ type: [Territory] }) items: readonly Territory[];
  @Field(() => Int) @ApiProperty({ description: 'items matching, over all pages' }) total: number;
}

export class OrganisationPage extends RestPage(Organisation) {}
export class InpsUnitPage extends RestPage(InpsUnit) {}

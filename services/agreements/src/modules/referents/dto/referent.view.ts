import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { ApiProperty } from '@nestjs/swagger';
import { ItemList } from '../../../common/pagination.dto';
import { REFERENT_ROLES } from '../../../domain';

// One class per answer: the REST response schema and the GraphQL object type. Properties with
// @ApiProperty alone are REST's only.

@ObjectType()
export class Referent {
  @Field(() => ID) @ApiProperty({ format: 'uuid' }) id: string;
  @Field() @ApiProperty({ example: 'dr-lazio' }) unitId: string;
  @Field(() => String, { description: REFERENT_ROLES.join(', ') }) @ApiProperty({ enum: REFERENT_ROLES }) role: string;
  @Field() @ApiProperty() personId: string;
  @Field() @ApiProperty() fullName: string;
  @Field(() => String, { nullable: true }) @ApiProperty({ type: String, nullable: true }) email: string | null;
  @Field() @ApiProperty() primary: boolean;
  @Field() @ApiProperty({ example: '2026-01-01' }) validFrom: string;
  @Field(() => String, { nullable: true }) @ApiProperty({ type: String, nullable: true, description: 'last day included' }) validTo: string | null;
  @Field(() => Int) @ApiProperty({ description: 'send it back to end the term (optimistic locking)' }) version: number;
  @ApiProperty() createdBy: string;
}

export class ReferentList extends ItemList(Referent) {}

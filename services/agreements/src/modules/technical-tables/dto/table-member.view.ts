import { Field, ID, ObjectType } from '@nestjs/graphql';
import { ApiProperty } from '@nestjs/swagger';
import { RestPage } from '../../../common/pagination.dto';
import { TABLE_MEMBER_ROLES } from '../../../domain';

// One class per answer: the REST response schema and the GraphQL object type.

@ObjectType()
export class TableMember {
  @Field(() => ID) @ApiProperty({ format: 'uuid' }) id: string;
  @Field(() => ID) @ApiProperty({ format: 'uuid' }) tableId: string;
  @Field(() => String, { nullable: true }) @ApiProperty({ type: String, nullable: true }) organisationId: string | null;
  @Field(() => String, { nullable: true }) @ApiProperty({ type: String, nullable: true }) inpsUnitId: string | null;
  @Field(() => String, { description: TABLE_MEMBER_ROLES.join(', ') }) @ApiProperty({ enum: TABLE_MEMBER_ROLES }) role: string;
  @Field() @ApiProperty() label: string;
  @Field() @ApiProperty({ example: '2026-03-01' }) validFrom: string;
  @Field(() => String, { nullable: true }) @ApiProperty({ type: String, nullable: true, description: 'last day included' }) validTo: string | null;
}

export class TableMemberPage extends RestPage(TableMember) {}

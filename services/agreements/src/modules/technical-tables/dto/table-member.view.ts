import { Field, ID, ObjectType } from '@nestjs/graphql';
import { TABLE_MEMBER_ROLES } from '../../../domain';

@ObjectType()
export class TableMember {
  @Field(() => ID) id: string;
  @Field(() => ID) tableId: string;
  @Field(() => String, { nullable: true }) organisationId: string | null;
  @Field(() => String, { nullable: true }) inpsUnitId: string | null;
  @Field(() => String, { description: TABLE_MEMBER_ROLES.join(', ') }) role: string;
  @Field() label: string;
  @Field() validFrom: string;
  @Field(() => String, { nullable: true }) validTo: string | null;
}

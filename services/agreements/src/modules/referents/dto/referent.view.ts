import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { REFERENT_ROLES } from '../../../domain';

@ObjectType()
export class Referent {
  @Field(() => ID) id: string;
  @Field() unitId: string;
  @Field(() => String, { description: REFERENT_ROLES.join(', ') }) role: string;
  @Field() personId: string;
  @Field() fullName: string;
  @Field(() => String, { nullable: true }) email: string | null;
  @Field() primary: boolean;
  @Field() validFrom: string;
  @Field(() => String, { nullable: true }) validTo: string | null;
  @Field(() => Int) version: number;
}

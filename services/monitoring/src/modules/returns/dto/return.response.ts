import { Field, ObjectType } from '@nestjs/graphql';

@ObjectType()
export class PartnerReturn {
  @Field()
  organisationId: string;

  @Field()
  territory: string;

  @Field()
  semester: string;

  @Field()
  status: string;

  @Field()
  dueDate: string;

  @Field(() => String, { nullable: true })
  firstSubmittedAt: string | null;

  @Field(() => Boolean, { nullable: true })
  onTime: boolean | null;

  @Field({ description: 'NOT_DUE, ON_TIME, LATE or MISSING' })
  timeliness: string;
}

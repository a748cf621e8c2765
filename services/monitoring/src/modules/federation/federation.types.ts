import { Directive, Field, ID, ObjectType } from '@nestjs/graphql';

/** Owned by the agreements subgraph; monitoring adds the organisation's returns. */
@ObjectType()
@Directive('@key(fields: "id")')
export class Organisation {
  @Field(() => ID)
  id: string;
}

/** Owned by the agreements subgraph; monitoring adds the territory's indicators and returns. */
@ObjectType()
@Directive('@key(fields: "istatCode")')
export class Territory {
  @Field(() => ID)
  istatCode: string;
}

import { Field, ID, Int, ObjectType } from '@nestjs/graphql';

@ObjectType({ description: 'metadata of an immutable agreement document; download it over REST' })
export class AgreementDocument {
  @Field(() => ID) id: string;
  @Field(() => ID) agreementId: string;
  @Field() kind: string;
  @Field() fileName: string;
  @Field() contentType: string;
  @Field(() => Int) sizeBytes: number;
  @Field() sha256: string;
  @Field() uploadedAt: string;
}

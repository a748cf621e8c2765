import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { TECHNICAL_TABLE_LEVELS, TECHNICAL_TABLE_STATUSES } from '../../../domain';

@ObjectType()
export class TechnicalTable {
  @Field(() => ID) id: string;
  @Field() name: string;
  @Field(() => String, { description: TECHNICAL_TABLE_LEVELS.join(', ') }) level: string;
  @Field(() => String, { nullable: true, description: 'ISTAT code of a LOCAL table' }) territoryCode: string | null;
  @Field(() => ID, { nullable: true }) agreementId: string | null;
  @Field(() => String, { description: TECHNICAL_TABLE_STATUSES.join(', ') }) status: string;
  @Field(() => Int) version: number;
  @Field(() => [String]) allowedActions: string[];
  @Field() createdAt: string;
}

@ObjectType()
export class TechnicalTablePage {
  @Field(() => [TechnicalTable]) items: TechnicalTable[];
  @Field(() => Int) total: number;
}

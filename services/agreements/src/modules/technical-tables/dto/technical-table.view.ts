import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { ApiProperty } from '@nestjs/swagger';
import { PageSlice } from '../../../common/pagination.dto';
import { TECHNICAL_TABLE_ACTIONS, TECHNICAL_TABLE_LEVELS, TECHNICAL_TABLE_STATUSES } from '../../../domain';

// One class per answer: the REST response schema and the GraphQL object type.

@ObjectType()
export class TechnicalTable {
  @Field(() => ID) @ApiProperty({ format: 'uuid' }) id: string;
  @Field() @ApiProperty() name: string;
  @Field(() => String, { description: TECHNICAL_TABLE_LEVELS.join(', ') }) @ApiProperty({ enum: TECHNICAL_TABLE_LEVELS }) level: string;
  @Field(() => String, { nullable: true, description: 'ISTAT code of a LOCAL table' })
  @ApiProperty({ type: String, nullable: true, description: 'ISTAT code of a LOCAL table' })
  territoryCode: string | null;
  @Field(() => ID, { nullable: true }) @ApiProperty({ type: String, format: 'uuid', nullable: true }) agreementId: string | null;
  @Field(() => String, { description: TECHNICAL_TABLE_STATUSES.join(', ') }) @ApiProperty({ enum: TECHNICAL_TABLE_STATUSES }) status: string;
  @Field(() => Int) @ApiProperty({ description: 'send it back with a transition (optimistic locking)' }) version: number;
  @Field(() => [String]) @ApiProperty({ enum: TECHNICAL_TABLE_ACTIONS, isArray: true, description: 'what the caller may do now' }) allowedActions: string[];
  @Field() @ApiProperty({ format: 'date-time' }) createdAt: string;
}

@ObjectType()
export class TechnicalTablePage extends PageSlice {
  @Field(() => [TechnicalTable]) @ApiProperty({ type: [TechnicalTable] }) items: readonly TechnicalTable[];
  @Field(() => Int) @ApiProperty({ description: 'items matching, over all pages' }) total: number;
}

import { Directive, Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { AGREEMENT_KINDS, AGREEMENT_STATES, type AgreementKind, type AgreementState } from '../../../domain';

@ObjectType()
export class AgreementParty {
  @Field(() => String, { nullable: true }) organisationId?: string | null;
  @Field(() => String, { nullable: true }) inpsUnitId?: string | null;
  @Field() role: string;
  @Field(() => [String]) commitments: string[];
  @Field(() => String, { nullable: true }) signedOn?: string | null;
}

@ObjectType()
export class Validity {
  @Field() from: string;
  @Field() to: string;
}

@ObjectType()
@Directive('@key(fields: "id")')
export class Agreement {
  @Field(() => ID) id: string;
  @Field() code: string;
  @Field(() => String, { description: AGREEMENT_KINDS.join(', ') }) kind: AgreementKind;
  @Field() title: string;
  @Field(() => String, { nullable: true }) legalBasis: string | null;
  @Field(() => ID, { nullable: true }) parentId: string | null;
  @Field(() => ID, { nullable: true, description: 'the agreement this one amends' }) amendsId: string | null;
  @Field(() => ID, { nullable: true, description: 'the agreement this one renews' }) renewsId: string | null;
  @Field(() => Int) maxRenewals: number;
  @Field(() => [AgreementParty]) parties: AgreementParty[];
  @Field(() => [String], { description: 'ISTAT codes (or IT)' }) scope: string[];
  @Field(() => String, { description: AGREEMENT_STATES.join(', ') }) status: AgreementState;
  @Field(() => Int) revision: number;
  @Field(() => String, { nullable: true }) signedOn: string | null;
  @Field(() => Validity, { nullable: true }) validity: Validity | null;
  @Field(() => String, { nullable: true }) terminatedOn: string | null;
  @Field(() => Int, { description: 'send it back with a transition (optimistic locking)' }) version: number;
  @Field(() => [String]) allowedActions: string[];
}

@ObjectType()
export class AgreementTransition {
  @Field() action: string;
  @Field() from: string;
  @Field() to: string;
  @Field() by: string;
  @Field() at: string;
  @Field(() => String, { nullable: true }) comment: string | null;
}

@ObjectType()
export class AgreementPage {
  @Field(() => [Agreement]) items: Agreement[];
  @Field(() => Int) total: number;
}

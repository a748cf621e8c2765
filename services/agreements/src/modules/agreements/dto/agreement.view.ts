import { Directive, Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { ApiProperty } from '@nestjs/swagger';
import { ItemList, PageSlice } from '../../../common/pagination.dto';
import { AGREEMENT_ACTIONS, AGREEMENT_KINDS, AGREEMENT_STATES, type AgreementKind, type AgreementState } from '../../../domain';
import { FlagsDto, TermDto } from './agreement.dto';

// One class per answer: the REST response schema and the GraphQL object type. Properties with
// @ApiProperty alone are REST's only, kept out of the GraphQL schema.

@ObjectType()
export class AgreementParty {
  @Field(() => String, { nullable: true }) @ApiProperty({ type: String, required: false, nullable: true }) organisationId?: string | null;
  @Field(() => String, { nullable: true }) @ApiProperty({ type: String, required: false, nullable: true }) inpsUnitId?: string | null;
  @Field() @ApiProperty() role: string;
  @Field(() => [String]) @ApiProperty({ type: [String] }) commitments: readonly string[];
  @Field(() => String, { nullable: true })
  @ApiProperty({ type: String, required: false, nullable: true, description: 'the day this party signed' })
  signedOn?: string | null;
}

@ObjectType()
export class Validity {
  @Field() @ApiProperty({ example: '2026-03-01' }) from: string;
  @Field() @ApiProperty({ example: '2027-03-01', description: 'last day in force' }) to: string;
}

/** The validity as the text sets it, from which signing computes `validity`. */
export class AgreementText {
  @ApiProperty({ type: String, nullable: true }) effectiveFrom: string | null;
  @ApiProperty({ type: TermDto, nullable: true }) term: TermDto | null;
  @ApiProperty({ type: String, nullable: true }) validTo: string | null;
}

@ObjectType()
@Directive('@key(fields: "id")')
export class Agreement {
  @Field(() => ID) @ApiProperty({ format: 'uuid' }) id: string;
  @Field() @ApiProperty({ example: 'PT-LAZIO-2026-01' }) code: string;
  @Field(() => String, { description: AGREEMENT_KINDS.join(', ') }) @ApiProperty({ enum: AGREEMENT_KINDS }) kind: AgreementKind;
  @Field() @ApiProperty() title: string;
  @Field(() => String, { nullable: true }) @ApiProperty({ type: String, nullable: true }) legalBasis: string | null;
  @Field(() => ID, { nullable: true }) @ApiProperty({ type: String, format: 'uuid', nullable: true }) parentId: string | null;
  @Field(() => ID, { nullable: true, description: 'the agreement this one amends' })
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'the agreement this one amends' })
  amendsId: string | null;
  @Field(() => ID, { nullable: true, description: 'the agreement this one renews' })
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'the agreement this one renews' })
  renewsId: string | null;
  @Field(() => Int) @ApiProperty() maxRenewals: number;
  @Field(() => [AgreementParty]) @ApiProperty({ type: [AgreementParty] }) parties: readonly AgreementParty[];
  @Field(() => [String], { description: 'ISTAT codes (or IT)' }) @ApiProperty({ type: [String], description: 'ISTAT codes (or IT)' }) scope: readonly string[];
  @ApiProperty({ type: AgreementText }) text: AgreementText;
  @ApiProperty({ type: FlagsDto }) flags: FlagsDto;
  @Field(() => String, { description: AGREEMENT_STATES.join(', ') }) @ApiProperty({ enum: AGREEMENT_STATES }) status: AgreementState;
  @Field(() => Int) @ApiProperty({ description: 'the text’s revision: each resubmission after a request for changes adds one' }) revision: number;
  @Field(() => String, { nullable: true }) @ApiProperty({ type: String, nullable: true }) signedOn: string | null;
  @Field(() => Validity, { nullable: true }) @ApiProperty({ type: Validity, nullable: true }) validity: Validity | null;
  @Field(() => String, { nullable: true }) @ApiProperty({ type: String, nullable: true }) terminatedOn: string | null;
  @Field(() => Int, { description: 'send it back with a transition (optimistic locking)' })
  @ApiProperty({ description: 'send it back with a transition (optimistic locking)' })
  version: number;
  @Field(() => [String]) @ApiProperty({ enum: AGREEMENT_ACTIONS, isArray: true, description: 'what the caller may do now' }) allowedActions: string[];
  @ApiProperty() createdBy: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

@ObjectType()
export class AgreementTransition {
  @Field() @ApiProperty({ description: 'an action, edit for a change to a draft, or expiry_warning for the scheduler’s notice' }) action: string;
  @Field() @ApiProperty({ enum: AGREEMENT_STATES }) from: string;
  @Field() @ApiProperty({ enum: AGREEMENT_STATES }) to: string;
  @Field() @ApiProperty({ description: 'who: the token subject, or system' }) by: string;
  @Field() @ApiProperty({ format: 'date-time' }) at: string;
  @Field(() => String, { nullable: true }) @ApiProperty({ type: String, nullable: true }) comment: string | null;
}

@ObjectType()
export class AgreementPage extends PageSlice {
  @Field(() => [Agreement]) @ApiProperty({ type: [Agreement] }) items: readonly Agreement[];
  @Field(() => Int) @ApiProperty({ description: 'items matching, over all pages' }) total: number;
}

export class AgreementList extends ItemList(Agreement) {}
export class AgreementHistory extends ItemList(AgreementTransition) {}

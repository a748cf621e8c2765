import { Directive, Field, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  Min,
  Validate,
  ValidateNested,
} from 'class-validator';
import { AGREEMENT_ACTIONS, AGREEMENT_KINDS, AGREEMENT_STATES, type AgreementAction, type AgreementKind, type AgreementState } from '../domain';
import { TERRITORY_LEVELS, type TerritoryLevel } from '@inps/territories';
import { IsIsoDay } from '@inps/shared';

/** Owned here: other subgraphs (monitoring) reference territories by ISTAT code. */
@ObjectType()
@Directive('@key(fields: "istatCode")')
export class Territory {
  @Field(() => ID) istatCode: string;
  @Field() name: string;
  @Field(() => String, { description: TERRITORY_LEVELS.join(', ') }) level: TerritoryLevel;
  @Field(() => String, { nullable: true }) parentCode: string | null;
  @Field(() => String, { nullable: true }) regionCode: string | null;
  @Field(() => String, { nullable: true }) provinceCode: string | null;
  @Field(() => String, { nullable: true }) acronym: string | null;
  @Field(() => String, { nullable: true }) validFrom: string | null;
  @Field(() => String, { nullable: true }) validTo: string | null;
}

@ObjectType()
@Directive('@key(fields: "id")')
export class Organisation {
  @Field(() => ID) id: string;
  @Field() kind: string;
  @Field() name: string;
  @Field(() => String, { nullable: true }) shortName: string | null;
  @Field() territoryCode: string;
  @Field(() => String, { nullable: true }) parentId: string | null;
  @Field() demo: boolean;
}

@ObjectType()
@Directive('@key(fields: "id")')
export class InpsUnit {
  @Field(() => ID) id: string;
  @Field() kind: string;
  @Field() name: string;
  @Field() shortName: string;
  @Field(() => String, { nullable: true }) parentId: string | null;
  @Field(() => [String]) covers: string[];
  @Field(() => [String]) excludes: string[];
}

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
export class TerritoryPage {
  @Field(() => [Territory]) items: Territory[];
  @Field(() => Int) total: number;
}

@ObjectType()
export class AgreementPage {
  @Field(() => [Agreement]) items: Agreement[];
  @Field(() => Int) total: number;
}

@InputType()
export class SignatureInput {
  @Field(() => Int) @IsInt() @Min(0) party: number;
  @Field() @Validate(IsIsoDay) signedOn: string;
}

@InputType()
export class AgreementTransitionInput {
  @Field(() => String, { description: AGREEMENT_ACTIONS.join(', ') }) @IsIn(AGREEMENT_ACTIONS) action: AgreementAction;
  @Field({ nullable: true }) @IsOptional() @IsString() @Length(1, 4000) comment?: string;
  @Field(() => Int) @IsInt() @Min(1) version: number;
  @Field(() => [SignatureInput], { nullable: true }) @IsOptional() @ValidateNested({ each: true }) @Type(() => SignatureInput) signatures?: SignatureInput[];
}

@InputType()
export class PartyInput {
  @Field({ nullable: true }) @IsOptional() @Matches(/^[a-z0-9][a-z0-9-]{0,63}$/) organisationId?: string;
  @Field({ nullable: true }) @IsOptional() @Matches(/^[a-z0-9][a-z0-9-]{0,63}$/) inpsUnitId?: string;
  @Field() @IsString() @Length(1, 64) role: string;
  @Field(() => [String]) @IsString({ each: true }) @ArrayMaxSize(50) commitments: string[];
}

@InputType()
export class FlagsInput {
  @Field() @IsBoolean() itChanges: boolean;
  @Field() @IsBoolean() dataExchange: boolean;
  @Field() @IsBoolean() costs: boolean;
}

@InputType()
export class TermInput {
  @Field(() => Int, { nullable: true }) @IsOptional() @IsInt() @Min(0) years?: number;
  @Field(() => Int, { nullable: true }) @IsOptional() @IsInt() @Min(0) months?: number;
  @Field(() => Int, { nullable: true }) @IsOptional() @IsInt() @Min(0) days?: number;
}

@InputType()
export class CreateAgreementInput {
  @Field() @Matches(/^[A-Z0-9][A-Z0-9./-]{1,63}$/) code: string;
  @Field(() => String, { description: AGREEMENT_KINDS.join(', ') }) @IsIn(AGREEMENT_KINDS) kind: AgreementKind;
  @Field() @IsString() @Length(1, 500) title: string;
  @Field({ nullable: true }) @IsOptional() @IsString() @Length(1, 2000) legalBasis?: string;
  @Field(() => ID, { nullable: true }) @IsOptional() @IsUUID() parentId?: string;
  @Field(() => [PartyInput]) @ArrayMinSize(1) @ValidateNested({ each: true }) @Type(() => PartyInput) parties: PartyInput[];
  @Field(() => [String]) @ArrayMinSize(1) @Matches(/^(IT|[0-9]{2}|[0-9]{3}|[0-9]{6})$/, { each: true }) scope: string[];
  @Field({ nullable: true }) @IsOptional() @Validate(IsIsoDay) effectiveFrom?: string;
  @Field(() => TermInput, { nullable: true }) @IsOptional() @ValidateNested() @Type(() => TermInput) term?: TermInput;
  @Field({ nullable: true }) @IsOptional() @Validate(IsIsoDay) validTo?: string;
  @Field(() => Int, { nullable: true }) @IsOptional() @IsInt() @Min(0) @Max(10) maxRenewals?: number;
  @Field(() => FlagsInput) @ValidateNested() @Type(() => FlagsInput) flags: FlagsInput;
}

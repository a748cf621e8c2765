import { ArgsType, Field, ID, InputType, Int } from '@nestjs/graphql';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
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
import { IsIsoDay } from '@inps/shared';
import { SLUG, TERRITORY_CODE } from '../../../common/formats';
import { PageLimit, PageOffset } from '../../../common/pagination.dto';
import { AGREEMENT_ACTIONS, AGREEMENT_KINDS, AGREEMENT_STATES, type AgreementAction, type AgreementKind, type AgreementState } from '../../../domain';

// One class per input serves REST (Swagger) and GraphQL, so both validate with the same rules.

const AGREEMENT_CODE = /^[A-Z0-9][A-Z0-9./-]{1,63}$/;
const AGREEMENT_CODE_MESSAGE = 'must be 2-64 upper-case letters, digits, dots, slashes or dashes';

@InputType('PartyInput')
export class PartyDto {
  @Field({ nullable: true })
  @ApiPropertyOptional({ description: 'a partner organisation (give this or inpsUnitId)', example: 'caritas-roma' })
  @IsOptional()
  @Matches(SLUG)
  organisationId?: string;

  @Field({ nullable: true })
  @ApiPropertyOptional({ description: 'an INPS unit (give this or organisationId)', example: 'dr-lazio' })
  @IsOptional()
  @Matches(SLUG)
  inpsUnitId?: string;

  @Field()
  @ApiProperty({ example: 'proponent' })
  @IsString()
  @Length(1, 64)
  role: string;

  @Field(() => [String])
  @ApiProperty({ type: [String], description: 'what this party commits to' })
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @Length(1, 2000, { each: true })
  commitments: string[];
}

@InputType('TermInput')
export class TermDto {
  @Field(() => Int, { nullable: true }) @ApiPropertyOptional() @IsOptional() @IsInt() @Min(0) @Max(50) years?: number;
  @Field(() => Int, { nullable: true }) @ApiPropertyOptional() @IsOptional() @IsInt() @Min(0) @Max(600) months?: number;
  @Field(() => Int, { nullable: true }) @ApiPropertyOptional() @IsOptional() @IsInt() @Min(0) @Max(20000) days?: number;
}

@InputType('FlagsInput')
export class FlagsDto {
  @Field() @ApiProperty() @IsBoolean() itChanges: boolean;
  @Field() @ApiProperty() @IsBoolean() dataExchange: boolean;
  @Field() @ApiProperty() @IsBoolean() costs: boolean;
}

@InputType('CreateAgreementInput')
export class CreateAgreementDto {
  @Field()
  @ApiProperty({ example: 'PT-LAZIO-2026-01' })
  @Matches(AGREEMENT_CODE, { message: AGREEMENT_CODE_MESSAGE })
  code: string;

  @Field(() => String, { description: AGREEMENT_KINDS.join(', ') })
  @ApiProperty({ enum: AGREEMENT_KINDS })
  @IsIn(AGREEMENT_KINDS)
  kind: AgreementKind;

  @Field()
  @ApiProperty()
  @IsString()
  @Length(1, 500)
  title: string;

  @Field({ nullable: true })
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(1, 2000)
  legalBasis?: string;

  @Field(() => ID, { nullable: true })
  @ApiPropertyOptional({ description: 'the framework (for a territorial agreement) or the agreement a local one implements' })
  @IsOptional()
  @IsUUID()
  parentId?: string;

  @Field(() => [PartyDto])
  @ApiProperty({ type: [PartyDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => PartyDto)
  parties: PartyDto[];

  @Field(() => [String])
  @ApiProperty({ type: [String], description: 'ISTAT codes (or IT) the agreement applies to', example: ['058091'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(500)
  @Matches(TERRITORY_CODE, { each: true, message: 'each must be IT or an ISTAT code' })
  scope: string[];

  @Field({ nullable: true })
  @ApiPropertyOptional({ description: 'start the text sets, instead of the last signature' })
  @IsOptional()
  @Validate(IsIsoDay)
  effectiveFrom?: string;

  @Field(() => TermDto, { nullable: true })
  @ApiPropertyOptional({ type: TermDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => TermDto)
  term?: TermDto;

  @Field({ nullable: true })
  @ApiPropertyOptional({ description: 'end day the text sets (exclusive with term)' })
  @IsOptional()
  @Validate(IsIsoDay)
  validTo?: string;

  @Field(() => Int, { nullable: true })
  @ApiPropertyOptional({ default: 0, description: 'how many renewals the text allows' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(10)
  maxRenewals?: number;

  @Field(() => FlagsDto)
  @ApiProperty({ type: FlagsDto, description: 'INPS commits to IT changes, data exchange or costs: needs the general directorate' })
  @ValidateNested()
  @Type(() => FlagsDto)
  flags: FlagsDto;
}

/**
 * Changes to a draft (DRAFT or CHANGES_REQUESTED): each field given replaces the draft's, null
 * clears an optional one (so a term can give way to an end day), the rest is kept. Kind and parent
 * stay: they decide the review path and are chosen when the draft is created.
 */
@InputType('EditAgreementInput')
export class EditAgreementDto {
  @Field(() => Int)
  @ApiProperty({ description: 'the version read; a stale one is refused with 409' })
  @IsInt()
  @Min(1)
  version: number;

  @Field({ nullable: true })
  @ApiPropertyOptional({ example: 'PT-LAZIO-2026-01' })
  @IsOptional()
  @Matches(AGREEMENT_CODE, { message: AGREEMENT_CODE_MESSAGE })
  code?: string;

  @Field({ nullable: true })
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(1, 500)
  title?: string;

  @Field(() => String, { nullable: true })
  @ApiPropertyOptional({ type: String, nullable: true, description: 'null clears it' })
  @IsOptional()
  @IsString()
  @Length(1, 2000)
  legalBasis?: string | null;

  @Field(() => [PartyDto], { nullable: true })
  @ApiPropertyOptional({ type: [PartyDto] })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => PartyDto)
  parties?: PartyDto[];

  @Field(() => [String], { nullable: true })
  @ApiPropertyOptional({ type: [String], description: 'ISTAT codes (or IT) the agreement applies to', example: ['058091'] })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(500)
  @Matches(TERRITORY_CODE, { each: true, message: 'each must be IT or an ISTAT code' })
  scope?: string[];

  @Field(() => String, { nullable: true })
  @ApiPropertyOptional({ type: String, nullable: true, description: 'start the text sets, instead of the last signature; null clears it' })
  @IsOptional()
  @Validate(IsIsoDay)
  effectiveFrom?: string | null;

  @Field(() => TermDto, { nullable: true })
  @ApiPropertyOptional({ type: TermDto, nullable: true, description: 'null clears it' })
  @IsOptional()
  @ValidateNested()
  @Type(() => TermDto)
  term?: TermDto | null;

  @Field(() => String, { nullable: true })
  @ApiPropertyOptional({ type: String, nullable: true, description: 'end day the text sets (exclusive with term); null clears it' })
  @IsOptional()
  @Validate(IsIsoDay)
  validTo?: string | null;

  @Field(() => Int, { nullable: true })
  @ApiPropertyOptional({ description: 'how many renewals the text allows' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(10)
  maxRenewals?: number;

  @Field(() => FlagsDto, { nullable: true })
  @ApiPropertyOptional({ type: FlagsDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => FlagsDto)
  flags?: FlagsDto;

  @Field({ nullable: true })
  @ApiPropertyOptional({ description: 'what changed, kept in the history' })
  @IsOptional()
  @IsString()
  @Length(1, 4000)
  comment?: string;
}

@InputType('SignatureInput')
export class SignatureDto {
  @Field(() => Int)
  @ApiProperty({ description: 'index of the party in parties' })
  @IsInt()
  @Min(0)
  party: number;

  @Field()
  @ApiProperty({ example: '2026-03-01' })
  @Validate(IsIsoDay)
  signedOn: string;
}

@InputType('AgreementTransitionInput')
export class TransitionDto {
  @Field(() => String, { description: AGREEMENT_ACTIONS.join(', ') })
  @ApiProperty({ enum: AGREEMENT_ACTIONS })
  @IsIn(AGREEMENT_ACTIONS)
  action: AgreementAction;

  @Field({ nullable: true })
  @ApiPropertyOptional({ description: 'required to request changes, reject and terminate' })
  @IsOptional()
  @IsString()
  @Length(1, 4000)
  comment?: string;

  @Field(() => Int)
  @ApiProperty({ description: 'the version read; a stale one is refused with 409' })
  @IsInt()
  @Min(1)
  version: number;

  @Field(() => [SignatureDto], { nullable: true })
  @ApiPropertyOptional({ type: [SignatureDto], description: 'sign: the day each party signed' })
  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => SignatureDto)
  signatures?: SignatureDto[];
}

const SORTS = ['code', '-code', 'createdAt', '-createdAt', 'validTo', '-validTo'] as const;
export type AgreementSort = (typeof SORTS)[number];

/** The filters of the list; `expiringBefore` and `sort` are REST's only. */
@ArgsType()
export class AgreementQueryDto {
  @Field(() => String, { nullable: true }) @ApiPropertyOptional({ enum: AGREEMENT_STATES }) @IsOptional() @IsIn(AGREEMENT_STATES) status?: AgreementState;
  @Field(() => String, { nullable: true }) @ApiPropertyOptional({ enum: AGREEMENT_KINDS }) @IsOptional() @IsIn(AGREEMENT_KINDS) kind?: AgreementKind;

  @Field(() => String, { nullable: true })
  @ApiPropertyOptional({
    description:
      'agreements applying to this territory: directly, to a part of it (a region: its provinces and comuni) or through an ancestor (its province, region, IT for national ones)',
  })
  @IsOptional()
  @Matches(TERRITORY_CODE)
  territory?: string;

  @Field(() => String, { nullable: true }) @ApiPropertyOptional() @IsOptional() @Matches(SLUG) organisation?: string;

  @ApiPropertyOptional({ description: 'validity ending on or before this day' })
  @IsOptional()
  @Validate(IsIsoDay)
  expiringBefore?: string;

  @ApiPropertyOptional({ enum: SORTS, default: '-createdAt' })
  @IsOptional()
  @IsIn(SORTS)
  sort?: AgreementSort;

  @PageLimit({ graphql: true }) limit?: number;
  @PageOffset({ graphql: true }) offset?: number;
}

export class RenewAgreementDto {
  @ApiProperty({ example: 'PT-LAZIO-2026-01-R1' })
  @Matches(AGREEMENT_CODE, { message: AGREEMENT_CODE_MESSAGE })
  code: string;

  @ApiPropertyOptional({ type: TermDto, description: 'the renewal term; the original one by default' })
  @IsOptional()
  @ValidateNested()
  @Type(() => TermDto)
  term?: TermDto;
}

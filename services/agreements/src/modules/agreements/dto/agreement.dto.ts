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
import { AGREEMENT_ACTIONS, AGREEMENT_KINDS, AGREEMENT_STATES, type AgreementAction, type AgreementKind, type AgreementState } from '../../../domain';
import { PageQueryDto } from '../../../common/pagination.dto';
import { IsIsoDay } from '@inps/shared';

const SLUG = /^[a-z0-9][a-z0-9-]{0,63}$/;
const TERRITORY_CODE = /^(IT|[0-9]{2}|[0-9]{3}|[0-9]{6})$/;

export class PartyDto {
  @ApiPropertyOptional({ description: 'a partner organisation (give this or inpsUnitId)', example: 'caritas-roma' })
  @IsOptional()
  @Matches(SLUG)
  organisationId?: string;

  @ApiPropertyOptional({ description: 'an INPS unit (give this or organisationId)', example: 'dr-lazio' })
  @IsOptional()
  @Matches(SLUG)
  inpsUnitId?: string;

  @ApiProperty({ example: 'proponent' })
  @IsString()
  @Length(1, 64)
  role: string;

  @ApiProperty({ type: [String], description: 'what this party commits to' })
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @Length(1, 2000, { each: true })
  commitments: string[];
}

export class TermDto {
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(0) @Max(50) years?: number;
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(0) @Max(600) months?: number;
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(0) @Max(20000) days?: number;
}

export class FlagsDto {
  @ApiProperty() @IsBoolean() itChanges: boolean;
  @ApiProperty() @IsBoolean() dataExchange: boolean;
  @ApiProperty() @IsBoolean() costs: boolean;
}

export class CreateAgreementDto {
  @ApiProperty({ example: 'PT-LAZIO-2026-01' })
  @Matches(/^[A-Z0-9][A-Z0-9./-]{1,63}$/, { message: 'must be 2-64 upper-case letters, digits, dots, slashes or dashes' })
  code: string;

  @ApiProperty({ enum: AGREEMENT_KINDS })
  @IsIn(AGREEMENT_KINDS)
  kind: AgreementKind;

  @ApiProperty()
  @IsString()
  @Length(1, 500)
  title: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(1, 2000)
  legalBasis?: string;

  @ApiPropertyOptional({ description: 'the framework (for a territorial agreement) or the agreement a local one implements' })
  @IsOptional()
  @IsUUID()
  parentId?: string;

  @ApiProperty({ type: [PartyDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => PartyDto)
  parties: PartyDto[];

  @ApiProperty({ type: [String], description: 'ISTAT codes (or IT) the agreement applies to', example: ['058091'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(500)
  @Matches(TERRITORY_CODE, { each: true, message: 'each must be IT or an ISTAT code' })
  scope: string[];

  @ApiPropertyOptional({ description: 'start the text sets, instead of the last signature' })
  @IsOptional()
  @Validate(IsIsoDay)
  effectiveFrom?: string;

  @ApiPropertyOptional({ type: TermDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => TermDto)
  term?: TermDto;

  @ApiPropertyOptional({ description: 'end day the text sets (exclusive with term)' })
  @IsOptional()
  @Validate(IsIsoDay)
  validTo?: string;

  @ApiPropertyOptional({ default: 0, description: 'how many renewals the text allows' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(10)
  maxRenewals?: number;

  @ApiProperty({ type: FlagsDto, description: 'INPS commits to IT changes, data exchange or costs: needs the general directorate' })
  @ValidateNested()
  @Type(() => FlagsDto)
  flags: FlagsDto;
}

export class SignatureDto {
  @ApiProperty({ description: 'index of the party in parties' })
  @IsInt()
  @Min(0)
  party: number;

  @ApiProperty({ example: '2026-03-01' })
  @Validate(IsIsoDay)
  signedOn: string;
}

export class TransitionDto {
  @ApiProperty({ enum: AGREEMENT_ACTIONS })
  @IsIn(AGREEMENT_ACTIONS)
  action: AgreementAction;

  @ApiPropertyOptional({ description: 'required to request changes, reject and terminate' })
  @IsOptional()
  @IsString()
  @Length(1, 4000)
  comment?: string;

  @ApiProperty({ description: 'the version read; a stale one is refused with 409' })
  @IsInt()
  @Min(1)
  version: number;

  @ApiPropertyOptional({ type: [SignatureDto], description: 'sign: the day each party signed' })
  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => SignatureDto)
  signatures?: SignatureDto[];
}

const SORTS = ['code', '-code', 'createdAt', '-createdAt', 'validTo', '-validTo'] as const;
export type AgreementSort = (typeof SORTS)[number];

export class AgreementQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: AGREEMENT_STATES }) @IsOptional() @IsIn(AGREEMENT_STATES) status?: AgreementState;
  @ApiPropertyOptional({ enum: AGREEMENT_KINDS }) @IsOptional() @IsIn(AGREEMENT_KINDS) kind?: AgreementKind;

  @ApiPropertyOptional({ description: 'agreements applying to this territory (directly or through an ancestor)' })
  @IsOptional()
  @Matches(TERRITORY_CODE)
  territory?: string;

  @ApiPropertyOptional() @IsOptional() @Matches(SLUG) organisation?: string;

  @ApiPropertyOptional({ description: 'validity ending on or before this day' })
  @IsOptional()
  @Validate(IsIsoDay)
  expiringBefore?: string;

  @ApiPropertyOptional({ enum: SORTS, default: '-createdAt' })
  @IsOptional()
  @IsIn(SORTS)
  sort?: AgreementSort;
}

export class RenewAgreementDto {
  @ApiProperty({ example: 'PT-LAZIO-2026-01-R1' })
  @Matches(/^[A-Z0-9][A-Z0-9./-]{1,63}$/, { message: 'must be 2-64 upper-case letters, digits, dots, slashes or dashes' })
  code: string;

  @ApiPropertyOptional({ type: TermDto, description: 'the renewal term; the original one by default' })
  @IsOptional()
  @ValidateNested()
  @Type(() => TermDto)
  term?: TermDto;
}

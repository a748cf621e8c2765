import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsEmail, IsIn, IsInt, IsOptional, IsString, Length, Min, Validate } from 'class-validator';
import { REFERENT_ROLES, type ReferentRole } from '../../../domain';
import { IsIsoDay } from '@inps/shared';

export class CreateReferentDto {
  @ApiProperty({ enum: REFERENT_ROLES }) @IsIn(REFERENT_ROLES) role: ReferentRole;
  @ApiProperty({ description: 'the person’s identifier in the identity provider' }) @IsString() @Length(1, 128) personId: string;
  @ApiProperty() @IsString() @Length(1, 200) fullName: string;
  @ApiPropertyOptional() @IsOptional() @IsEmail() email?: string;
  @ApiProperty() @IsBoolean() primary: boolean;
  @ApiProperty({ example: '2026-01-01' }) @Validate(IsIsoDay) validFrom: string;
  @ApiPropertyOptional({ description: 'last day included; open-ended when absent' }) @IsOptional() @Validate(IsIsoDay) validTo?: string;
}

export class CloseReferentDto {
  @ApiProperty({ description: 'last day included' }) @Validate(IsIsoDay) validTo: string;
  @ApiProperty() @IsInt() @Min(1) version: number;
}

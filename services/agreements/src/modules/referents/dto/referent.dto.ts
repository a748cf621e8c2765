import { Field, InputType, Int } from '@nestjs/graphql';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsEmail, IsIn, IsInt, IsOptional, IsString, Length, Min, Validate } from 'class-validator';
import { REFERENT_ROLES, type ReferentRole } from '../../../domain';
import { IsIsoDay } from '@inps/shared';

// One class per input serves REST (Swagger) and GraphQL, so both validate with the same rules.
@InputType('CreateReferentInput')
export class CreateReferentDto {
  @Field(() => String, { description: REFERENT_ROLES.join(', ') }) @ApiProperty({ enum: REFERENT_ROLES }) @IsIn(REFERENT_ROLES) role: ReferentRole;
  @Field() @ApiProperty({ description: 'the person’s identifier in the identity provider' }) @IsString() @Length(1, 128) personId: string;
  @Field() @ApiProperty() @IsString() @Length(1, 200) fullName: string;
  @Field({ nullable: true }) @ApiPropertyOptional() @IsOptional() @IsEmail() email?: string;
  @Field() @ApiProperty() @IsBoolean() primary: boolean;
  @Field() @ApiProperty({ example: '2026-01-01' }) @Validate(IsIsoDay) validFrom: string;
  @Field({ nullable: true })
  @ApiPropertyOptional({ description: 'last day included; open-ended when absent' })
  @IsOptional()
  @Validate(IsIsoDay)
  validTo?: string;
}

@InputType('CloseReferentInput')
export class CloseReferentDto {
  @Field() @ApiProperty({ description: 'last day included' }) @Validate(IsIsoDay) validTo: string;
  @Field(() => Int) @ApiProperty() @IsInt() @Min(1) version: number;
}

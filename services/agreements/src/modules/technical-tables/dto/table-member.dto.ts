import { Field, InputType } from '@nestjs/graphql';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Length, Matches, Validate } from 'class-validator';
import { IsIsoDay } from '@inps/shared';
import { SLUG } from '../../../common/formats';
import { TABLE_MEMBER_ROLES, type TableMemberRole } from '../../../domain';

@InputType('AddTableMemberInput')
export class AddMemberDto {
  @Field({ nullable: true })
  @ApiPropertyOptional({ description: 'a partner organisation (this and/or inpsUnitId)', example: 'caritas-roma' })
  @IsOptional()
  @Matches(SLUG)
  organisationId?: string;
  @Field({ nullable: true }) @ApiPropertyOptional({ description: 'an INPS unit', example: 'dr-lazio' }) @IsOptional() @Matches(SLUG) inpsUnitId?: string;
  @Field(() => String, { description: TABLE_MEMBER_ROLES.join(', ') })
  @ApiProperty({ enum: TABLE_MEMBER_ROLES })
  @IsIn(TABLE_MEMBER_ROLES)
  role: TableMemberRole;
  @Field({ nullable: true, description: 'shown in lists; the organisation or unit name when absent' })
  @ApiPropertyOptional({ description: 'shown in lists; the organisation or unit name when absent' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  label?: string;
  @Field() @ApiProperty({ example: '2026-03-01' }) @Validate(IsIsoDay) validFrom: string;
  @Field({ nullable: true }) @ApiPropertyOptional({ description: 'last day included' }) @IsOptional() @Validate(IsIsoDay) validTo?: string;
}

@InputType('EndTableMemberInput')
export class EndMemberDto {
  @Field({ description: 'last day included' }) @ApiProperty({ description: 'last day included', example: '2026-12-31' }) @Validate(IsIsoDay) validTo: string;
}

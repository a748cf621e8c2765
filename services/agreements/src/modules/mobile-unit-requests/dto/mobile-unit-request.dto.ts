import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, Length, Min, ValidateNested } from 'class-validator';
import { MOBILE_UNIT_ACTIONS, MOBILE_UNIT_STATUSES, type MobileUnitAction, type MobileUnitStatus } from '../../../domain';
import { PageQueryDto } from '../../../common/pagination.dto';

export class OverrideDto {
  @ApiProperty({ description: 'why a request later than the rule allows is accepted (central only)' })
  @IsString()
  @Length(1, 2000)
  reason: string;
}

export class CreateMobileUnitRequestDto {
  @ApiProperty() @IsUUID() eventId: string;
  @ApiProperty({ description: 'the space available on site for the station' }) @IsString() @Length(1, 2000) availableSpace: string;

  @ApiPropertyOptional({ type: OverrideDto, description: 'central only: accept a request made less than 15 days ahead' })
  @IsOptional()
  @ValidateNested()
  @Type(() => OverrideDto)
  override?: OverrideDto;
}

export class MobileUnitTransitionDto {
  @ApiProperty({ enum: MOBILE_UNIT_ACTIONS }) @IsIn(MOBILE_UNIT_ACTIONS) action: MobileUnitAction;
  @ApiPropertyOptional({ description: 'required to reject and cancel' }) @IsOptional() @IsString() @Length(1, 4000) comment?: string;
  @ApiPropertyOptional({ description: 'assign: the mobile unit sent' }) @IsOptional() @IsString() @Length(1, 200) unit?: string;
  @ApiProperty() @IsInt() @Min(1) version: number;
}

export class MobileUnitQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: MOBILE_UNIT_STATUSES }) @IsOptional() @IsIn(MOBILE_UNIT_STATUSES) status?: MobileUnitStatus;
}

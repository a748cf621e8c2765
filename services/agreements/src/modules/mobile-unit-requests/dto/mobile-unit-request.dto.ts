import { ArgsType, Field, ID, InputType, Int } from '@nestjs/graphql';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, Length, Min, ValidateNested } from 'class-validator';
import { MOBILE_UNIT_ACTIONS, MOBILE_UNIT_STATUSES, STATION_KINDS, type MobileUnitAction, type MobileUnitStatus, type StationKind } from '../../../domain';
import { PageLimit, PageOffset } from '../../../common/pagination.dto';

// One class per input serves REST (Swagger) and GraphQL, so both validate with the same rules.
@InputType('LeadTimeOverrideInput')
export class OverrideDto {
  @Field()
  @ApiProperty({ description: 'why a request later than the rule allows is accepted (central only)' })
  @IsString()
  @Length(1, 2000)
  reason: string;
}

@InputType('CreateMobileUnitRequestInput')
export class CreateMobileUnitRequestDto {
  @Field(() => ID) @ApiProperty() @IsUUID() eventId: string;
  @Field() @ApiProperty({ description: 'the space available on site for the station' }) @IsString() @Length(1, 2000) availableSpace: string;

  @Field(() => String, { description: `the kind of station wanted: ${STATION_KINDS.join(', ')}` })
  @ApiProperty({ enum: STATION_KINDS, description: 'the kind of station wanted: a camper or fitted van, a gazebo, a stand or desk' })
  @IsIn(STATION_KINDS)
  stationKind: StationKind;

  @Field(() => OverrideDto, { nullable: true })
  @ApiPropertyOptional({ type: OverrideDto, description: 'central only: accept a request made less than 15 days ahead' })
  @IsOptional()
  @ValidateNested()
  @Type(() => OverrideDto)
  override?: OverrideDto;
}

@InputType('MobileUnitTransitionInput')
export class MobileUnitTransitionDto {
  @Field(() => String, { description: MOBILE_UNIT_ACTIONS.join(', ') })
  @ApiProperty({ enum: MOBILE_UNIT_ACTIONS })
  @IsIn(MOBILE_UNIT_ACTIONS)
  action: MobileUnitAction;
  @Field({ nullable: true }) @ApiPropertyOptional({ description: 'required to reject and cancel' }) @IsOptional() @IsString() @Length(1, 4000) comment?: string;
  @Field({ nullable: true }) @ApiPropertyOptional({ description: 'assign: the mobile unit sent' }) @IsOptional() @IsString() @Length(1, 200) unit?: string;
  @Field(() => Int) @ApiProperty() @IsInt() @Min(1) version: number;
}

@ArgsType()
export class MobileUnitQueryDto {
  @Field(() => String, { nullable: true })
  @ApiPropertyOptional({ enum: MOBILE_UNIT_STATUSES })
  @IsOptional()
  @IsIn(MOBILE_UNIT_STATUSES)
  status?: MobileUnitStatus;
  @Field(() => ID, { nullable: true })
  @ApiPropertyOptional({ description: 'requests for events under this agreement' })
  @IsOptional()
  @IsUUID()
  agreement?: string;
  @PageLimit({ graphql: true }) limit?: number;
  @PageOffset({ graphql: true }) offset?: number;
}

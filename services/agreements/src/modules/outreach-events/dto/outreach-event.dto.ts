import { DEFAULT_LANGUAGE, LANGUAGES, type Language } from '@inps/kernel';
import { ArgsType, Field, ID, InputType, Int } from '@nestjs/graphql';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsISO8601, IsOptional, IsString, IsUUID, Length, Matches, Min } from 'class-validator';
import { OUTREACH_EVENT_ACTIONS, VENUE_TYPES, type OutreachEventAction, type VenueType } from '../../../domain';
import { INSTANT, ISTAT_CODE, SLUG } from '../../../common/formats';
import { PageLimit, PageOffset } from '../../../common/pagination.dto';

// One class per input serves REST (Swagger) and GraphQL, so both validate with the same rules.
@InputType('CreateOutreachEventInput')
export class CreateOutreachEventDto {
  @Field(() => ID, { nullable: true }) @ApiPropertyOptional({ description: 'the agreement it implements' }) @IsOptional() @IsUUID() agreementId?: string;
  @Field({ nullable: true })
  @ApiPropertyOptional({ description: 'the partner organising it', example: 'caritas-roma' })
  @IsOptional()
  @Matches(SLUG)
  organisationId?: string;
  @Field() @ApiProperty({ description: 'ISTAT code where it takes place', example: '058091' }) @Matches(ISTAT_CODE) territoryCode: string;
  @Field(() => String, { description: VENUE_TYPES.join(', ') }) @ApiProperty({ enum: VENUE_TYPES }) @IsIn(VENUE_TYPES) venueType: VenueType;
  @Field() @ApiProperty() @IsString() @Length(1, 200) venueName: string;
  @Field({ nullable: true }) @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 500) address?: string;
  @Field({ nullable: true }) @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 200) title?: string;
  @Field({ nullable: true }) @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 4000) description?: string;
  @Field() @ApiProperty({ example: '2026-04-10T09:00:00+02:00' }) @IsISO8601(INSTANT) startsAt: string;
  @Field() @ApiProperty({ example: '2026-04-10T13:00:00+02:00' }) @IsISO8601(INSTANT) endsAt: string;
}

@InputType('RescheduleOutreachEventInput')
export class RescheduleOutreachEventDto {
  @Field() @ApiProperty() @IsISO8601(INSTANT) startsAt: string;
  @Field() @ApiProperty() @IsISO8601(INSTANT) endsAt: string;
  @Field(() => Int) @ApiProperty() @IsInt() @Min(1) version: number;
}

@InputType('OutreachEventTransitionInput')
export class OutreachEventTransitionDto {
  @Field(() => String, { description: OUTREACH_EVENT_ACTIONS.join(', ') })
  @ApiProperty({ enum: OUTREACH_EVENT_ACTIONS })
  @IsIn(OUTREACH_EVENT_ACTIONS)
  action: OutreachEventAction;
  @Field({ nullable: true }) @ApiPropertyOptional({ description: 'required to cancel' }) @IsOptional() @IsString() @Length(1, 4000) comment?: string;
  @Field(() => Int) @ApiProperty() @IsInt() @Min(1) version: number;
  @Field(() => Int, { nullable: true })
  @ApiPropertyOptional({ description: 'mark_held: people contacted at the event' })
  @IsOptional()
  @IsInt()
  @Min(0)
  peopleContacted?: number;
}

@ArgsType()
export class OutreachEventQueryDto {
  @Field(() => String, { nullable: true }) @ApiPropertyOptional() @IsOptional() @Matches(ISTAT_CODE) territory?: string;
  @Field(() => String, { nullable: true }) @ApiPropertyOptional() @IsOptional() @Matches(SLUG) organisation?: string;
  @Field(() => ID, { nullable: true }) @ApiPropertyOptional({ description: 'events implementing this agreement' }) @IsOptional() @IsUUID() agreement?: string;
  @Field(() => String, { nullable: true }) @ApiPropertyOptional() @IsOptional() @IsISO8601(INSTANT) from?: string;
  @Field(() => String, { nullable: true }) @ApiPropertyOptional() @IsOptional() @IsISO8601(INSTANT) to?: string;
  @PageLimit({ graphql: true }) limit?: number;
  @PageOffset({ graphql: true }) offset?: number;
}

export class CalendarQueryDto {
  @ApiPropertyOptional() @IsOptional() @Matches(ISTAT_CODE) territory?: string;
  @ApiPropertyOptional() @IsOptional() @Matches(SLUG) organisation?: string;
  @ApiPropertyOptional({ enum: LANGUAGES, default: DEFAULT_LANGUAGE }) @IsOptional() @IsIn(LANGUAGES) lang?: Language;
}

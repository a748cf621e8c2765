import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsISO8601, IsOptional, IsString, IsUUID, Length, Matches, Min } from 'class-validator';
import { OUTREACH_EVENT_ACTIONS, VENUE_TYPES, type OutreachEventAction, type VenueType } from '../../../domain';
import { PageQueryDto } from '../../../common/pagination.dto';

const SLUG = /^[a-z0-9][a-z0-9-]{0,63}$/;
const ISTAT = /^(\d{2}|\d{3}|\d{6})$/;
const INSTANT = { strict: true, strictSeparator: true };

export class CreateOutreachEventDto {
  @ApiPropertyOptional({ description: 'the agreement it implements' }) @IsOptional() @IsUUID() agreementId?: string;
  @ApiPropertyOptional({ description: 'the partner organising it', example: 'caritas-roma' }) @IsOptional() @Matches(SLUG) organisationId?: string;
  @ApiProperty({ description: 'ISTAT code where it takes place', example: '058091' }) @Matches(ISTAT) territoryCode: string;
  @ApiProperty({ enum: VENUE_TYPES }) @IsIn(VENUE_TYPES) venueType: VenueType;
  @ApiProperty() @IsString() @Length(1, 200) venueName: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 500) address?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 200) title?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 4000) description?: string;
  @ApiProperty({ example: '2026-04-10T09:00:00+02:00' }) @IsISO8601(INSTANT) startsAt: string;
  @ApiProperty({ example: '2026-04-10T13:00:00+02:00' }) @IsISO8601(INSTANT) endsAt: string;
}

export class RescheduleOutreachEventDto {
  @ApiProperty() @IsISO8601(INSTANT) startsAt: string;
  @ApiProperty() @IsISO8601(INSTANT) endsAt: string;
  @ApiProperty() @IsInt() @Min(1) version: number;
}

export class OutreachEventTransitionDto {
  @ApiProperty({ enum: OUTREACH_EVENT_ACTIONS }) @IsIn(OUTREACH_EVENT_ACTIONS) action: OutreachEventAction;
  @ApiPropertyOptional({ description: 'required to cancel' }) @IsOptional() @IsString() @Length(1, 4000) comment?: string;
  @ApiProperty() @IsInt() @Min(1) version: number;
  @ApiPropertyOptional({ description: 'mark_held: people contacted at the event' }) @IsOptional() @IsInt() @Min(0) peopleContacted?: number;
}

export class OutreachEventQueryDto extends PageQueryDto {
  @ApiPropertyOptional() @IsOptional() @Matches(ISTAT) territory?: string;
  @ApiPropertyOptional() @IsOptional() @Matches(SLUG) organisation?: string;
  @ApiPropertyOptional() @IsOptional() @IsISO8601(INSTANT) from?: string;
  @ApiPropertyOptional() @IsOptional() @IsISO8601(INSTANT) to?: string;
}

export class CalendarQueryDto {
  @ApiPropertyOptional() @IsOptional() @Matches(ISTAT) territory?: string;
  @ApiPropertyOptional() @IsOptional() @Matches(SLUG) organisation?: string;
  @ApiPropertyOptional({ enum: ['it', 'en'], default: 'it' }) @IsOptional() @IsIn(['it', 'en']) lang?: 'it' | 'en';
}

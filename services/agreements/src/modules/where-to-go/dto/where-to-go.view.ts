import { Field, Int, ObjectType } from '@nestjs/graphql';
import { ApiProperty } from '@nestjs/swagger';
import { INPS_UNIT_KINDS } from '../../reference-data/reference-data.types';
import { OUTREACH_EVENT_STATUSES, VENUE_TYPES } from '../../../domain';

// One class per answer: the REST response schema and the GraphQL object type. The names differ
// from the questionnaire's types of the screening outcome, which the supergraph holds beside these.

@ObjectType()
export class WhereToGoComune {
  @Field() @ApiProperty({ example: '058091' }) istatCode: string;
  @Field() @ApiProperty({ example: 'Roma' }) name: string;
  @Field(() => String, { nullable: true }) @ApiProperty({ type: String, nullable: true, example: '058' }) provinceCode: string | null;
  @Field(() => String, { nullable: true }) @ApiProperty({ type: String, nullable: true, example: 'Roma' }) provinceName: string | null;
  @Field(() => String, { nullable: true }) @ApiProperty({ type: String, nullable: true, example: '12' }) regionCode: string | null;
  @Field(() => String, { nullable: true }) @ApiProperty({ type: String, nullable: true, example: 'Lazio' }) regionName: string | null;
}

@ObjectType()
export class CompetentInpsUnit {
  @Field() @ApiProperty({ example: 'dcm-roma' }) id: string;
  @Field(() => String, { description: INPS_UNIT_KINDS.join(', ') }) @ApiProperty({ enum: INPS_UNIT_KINDS }) kind: string;
  @Field() @ApiProperty({ example: 'Direzione di coordinamento metropolitano di Roma' }) name: string;
  @Field() @ApiProperty({ example: 'DCM Roma' }) shortName: string;
  @Field({ description: 'the covered ISTAT code through which it is competent for the comune' })
  @ApiProperty({ description: 'the covered ISTAT code through which it is competent for the comune', example: '058' })
  competentFor: string;
}

@ObjectType()
export class PublicOutreachEvent {
  @Field() @ApiProperty({ format: 'uuid' }) id: string;
  @Field()
  @ApiProperty({ example: '058091', description: 'where the event is recorded: the comune, an area containing it, or (nearby) another comune of its province' })
  territoryCode: string;
  @Field() @ApiProperty({ example: 'Roma' }) territoryName: string;
  @Field({ description: 'true when the event is in another comune of the province, listed because none is planned in the comune itself' })
  @ApiProperty({ description: 'true when the event is in another comune of the province, listed because none is planned in the comune itself' })
  nearby: boolean;
  @Field(() => String, { description: VENUE_TYPES.join(', ') }) @ApiProperty({ enum: VENUE_TYPES }) venueType: string;
  @Field() @ApiProperty({ example: 'Mensa di via Marsala' }) venueName: string;
  @Field(() => String, { nullable: true }) @ApiProperty({ type: String, nullable: true }) address: string | null;
  @Field(() => String, { nullable: true, description: 'as recorded' }) @ApiProperty({ type: String, nullable: true, description: 'as recorded' }) title:
    string | null;
  @Field(() => String, { nullable: true, description: 'as recorded' })
  @ApiProperty({ type: String, nullable: true, description: 'as recorded' })
  description: string | null;
  @Field() @ApiProperty({ format: 'date-time' }) startsAt: string;
  @Field() @ApiProperty({ format: 'date-time' }) endsAt: string;
  @Field(() => String, { description: 'PLANNED, COMMUNICATED or CONFIRMED' })
  @ApiProperty({ enum: OUTREACH_EVENT_STATUSES.filter((s) => s !== 'HELD' && s !== 'CANCELLED') })
  status: string;
}

@ObjectType()
export class WhereToGo {
  @Field(() => WhereToGoComune) @ApiProperty({ type: WhereToGoComune }) comune: WhereToGoComune;
  @Field({ description: 'first day of the window (today, Rome)' })
  @ApiProperty({ example: '2026-03-02', description: 'first day of the window (today, Rome)' })
  from: string;
  @Field({ description: 'last day of the window (Rome)' }) @ApiProperty({ example: '2026-03-30', description: 'last day of the window (Rome)' }) to: string;
  @Field(() => Int) @ApiProperty({ example: 4 }) weeks: number;
  @Field(() => [CompetentInpsUnit], { description: 'the units competent for the comune (the nearest coverage), usually one' })
  @ApiProperty({ type: [CompetentInpsUnit], description: 'the units competent for the comune (the nearest coverage), usually one' })
  inpsUnits: CompetentInpsUnit[];
  @Field(() => [PublicOutreachEvent], { description: 'by start' })
  @ApiProperty({ type: [PublicOutreachEvent], description: 'by start' })
  outreachEvents: PublicOutreachEvent[];
  @Field({ description: 'true when more events are planned in the window than the answer lists' })
  @ApiProperty({ description: 'true when more events are planned in the window than the answer lists' })
  moreEvents: boolean;
}

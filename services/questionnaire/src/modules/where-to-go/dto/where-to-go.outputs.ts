import { LANGUAGES, type Language } from '@inps/kernel';
import { Field, Int, ObjectType } from '@nestjs/graphql';
import { ApiProperty } from '@nestjs/swagger';
import { CHANNEL_KINDS } from '../national-channels';

/*
 * Where to turn, as a screening outcome shows it (REST and GraphQL alike). The type names differ
 * from the agreements service's `WhereToGo`, which the supergraph holds beside these.
 */

const WHERE_TO_GO_GAPS = ['NO_COMUNE', 'UNKNOWN_COMUNE', 'REGISTRY_UNAVAILABLE', 'REGISTRY_NOT_CONFIGURED'] as const;
export type WhereToGoGap = (typeof WHERE_TO_GO_GAPS)[number];

@ObjectType()
export class LocalInpsUnit {
  @Field() @ApiProperty({ example: 'dcm-roma' }) id: string;
  @Field() @ApiProperty({ example: 'METROPOLITAN_COORDINATION_DIRECTORATE' }) kind: string;
  @Field({ description: 'its name, in Italian (a proper name)' }) @ApiProperty({ description: 'its name, in Italian (a proper name)' }) name: string;
  @Field() @ApiProperty({ example: 'DCM Roma' }) shortName: string;
}

@ObjectType()
export class LocalOutreachEvent {
  @Field() @ApiProperty({ format: 'uuid' }) id: string;
  @Field() @ApiProperty({ format: 'date-time' }) startsAt: string;
  @Field() @ApiProperty({ format: 'date-time' }) endsAt: string;
  @Field() @ApiProperty({ example: 'SOUP_KITCHEN' }) venueType: string;
  @Field({ description: 'the kind of venue, in the outcome’s language' })
  @ApiProperty({ description: 'the kind of venue, in the outcome’s language', example: 'Mensa' })
  venueKind: string;
  @Field({ description: 'as recorded by the organisers' })
  @ApiProperty({ description: 'as recorded by the organisers', example: 'Mensa di via Marsala' })
  venueName: string;
  @Field(() => String, { nullable: true }) @ApiProperty({ type: String, nullable: true }) address: string | null;
  @Field(() => String, { nullable: true, description: 'as recorded' }) @ApiProperty({ type: String, nullable: true, description: 'as recorded' }) title:
    string | null;
  @Field(() => String, { nullable: true, description: 'as recorded' })
  @ApiProperty({ type: String, nullable: true, description: 'as recorded' })
  description: string | null;
  @Field({ description: 'the comune or area it is in' }) @ApiProperty({ description: 'the comune or area it is in', example: 'Roma' }) territoryName: string;
  @Field({ description: 'in another comune of the province: none is planned in the screening’s comune' })
  @ApiProperty({ description: 'in another comune of the province: none is planned in the screening’s comune' })
  nearby: boolean;
  @Field({ description: 'PLANNED, COMMUNICATED or CONFIRMED' }) @ApiProperty({ enum: ['PLANNED', 'COMMUNICATED', 'CONFIRMED'] }) status: string;
}

@ObjectType()
export class ChannelContact {
  @Field() @ApiProperty({ example: 'da telefono fisso, gratuito' }) label: string;
  @Field() @ApiProperty({ enum: ['PHONE', 'URL'] }) kind: string;
  @Field() @ApiProperty({ example: '803 164' }) value: string;
  @Field(() => Boolean, { nullable: true, description: 'phones: whether the call is free' })
  @ApiProperty({ type: Boolean, nullable: true, description: 'phones: whether the call is free' })
  free: boolean | null;
}

@ObjectType()
export class NationalChannel {
  @Field() @ApiProperty({ example: 'contact-centre' }) id: string;
  @Field() @ApiProperty({ enum: CHANNEL_KINDS }) kind: string;
  @Field() @ApiProperty() name: string;
  @Field() @ApiProperty() description: string;
  @Field({ description: 'the help itself costs nothing' }) @ApiProperty({ description: 'the help itself costs nothing' }) free: boolean;
  @Field(() => [ChannelContact]) @ApiProperty({ type: [ChannelContact] }) contacts: ChannelContact[];
  @Field(() => String, { description: 'the language of the words: the one asked for, or Italian where it has no translation' })
  @ApiProperty({ enum: LANGUAGES, description: 'the language of the words: the one asked for, or Italian where it has no translation' })
  language: Language;
  @Field({ description: 'whether a native speaker reviewed the words' })
  @ApiProperty({ description: 'whether a native speaker reviewed the words' })
  reviewed: boolean;
}

@ObjectType()
export class WhereToGoOutcome {
  @Field(() => String, { nullable: true, description: 'ISTAT code of the screening’s comune; null when none was given' })
  @ApiProperty({ type: String, nullable: true, description: 'ISTAT code of the screening’s comune; null when none was given', example: '058091' })
  comune: string | null;

  @Field(() => String, { nullable: true, description: 'its name, when the agreements registry answered' })
  @ApiProperty({ type: String, nullable: true, description: 'its name, when the agreements registry answered', example: 'Roma' })
  comuneName: string | null;

  @Field({ description: 'true when the local part (INPS units, outreach events) is included' })
  @ApiProperty({ description: 'true when the local part (INPS units, outreach events) is included' })
  available: boolean;

  @Field({ description: 'false when the local part is missing only because the registry could not be asked: asking again later may bring it' })
  @ApiProperty({ description: 'false when the local part is missing only because the registry could not be asked: asking again later may bring it' })
  complete: boolean;

  @Field(() => String, { nullable: true, description: `why the local part is missing: ${WHERE_TO_GO_GAPS.join(', ')}` })
  @ApiProperty({ type: String, enum: WHERE_TO_GO_GAPS, nullable: true, description: 'why the local part is missing; null when available' })
  missingBecause: WhereToGoGap | null;

  @Field(() => Int, { description: 'weeks ahead the outreach events cover' })
  @ApiProperty({ description: 'weeks ahead the outreach events cover', example: 4 })
  weeks: number;

  @Field(() => [LocalInpsUnit], { description: 'the INPS units competent for the comune' })
  @ApiProperty({ type: [LocalInpsUnit], description: 'the INPS units competent for the comune' })
  inpsUnits: LocalInpsUnit[];

  @Field(() => [LocalOutreachEvent], { description: 'outreach events planned in the comune (or nearby) in the coming weeks, by start' })
  @ApiProperty({ type: [LocalOutreachEvent], description: 'outreach events planned in the comune (or nearby) in the coming weeks, by start' })
  outreachEvents: LocalOutreachEvent[];

  @Field({ description: 'true when more events are planned than listed' })
  @ApiProperty({ description: 'true when more events are planned than listed' })
  moreEvents: boolean;

  @Field(() => [NationalChannel], { description: 'where to turn wherever one lives, in the outcome’s language' })
  @ApiProperty({ type: [NationalChannel], description: 'where to turn wherever one lives, in the outcome’s language' })
  nationalChannels: NationalChannel[];
}

import { LANGUAGES, type Language } from '@inps/kernel';
import { Field, ObjectType } from '@nestjs/graphql';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { BenefitTextStatus as EngineBenefitTextStatus, TextStatus as EngineTextStatus, TranslationSummary as EngineSummary } from '../../../domain';

/*
 * The language of each text and whether it was reviewed (docs/api.md, "Languages"): beside the
 * texts, in the same places, so that the string fields partners read stay as they were.
 */

@ObjectType('TextStatus', { description: 'the language a text is really in, and whether a native speaker reviewed it' })
export class TextStatus implements EngineTextStatus {
  @Field(() => String, { description: 'the language asked for, or "it" when the text has no translation' })
  @ApiProperty({ enum: LANGUAGES, description: 'the language asked for, or "it" when the text has no translation' })
  language: Language;

  @Field({ description: 'false for a translation no native speaker has reviewed yet (Italian, the original, is always reviewed)' })
  @ApiProperty({ description: 'false for a translation no native speaker has reviewed yet (Italian, the original, is always reviewed)' })
  reviewed: boolean;
}

@ObjectType('TranslationSummary')
export class TranslationSummary implements EngineSummary {
  @Field(() => String)
  @ApiProperty({ enum: LANGUAGES, description: "the language chosen for this answer (language field, else Accept-Language, else the screening's)" })
  requested: Language;

  @Field(() => [String])
  @ApiProperty({ enum: LANGUAGES, isArray: true, description: 'the languages the texts are really in: "it" among them when some have no translation' })
  languagesUsed: Language[];

  @Field({ description: 'every text is Italian or a reviewed translation' })
  @ApiProperty({ description: 'every text is Italian or a reviewed translation' })
  allReviewed: boolean;
}

@ObjectType('QuestionTextStatus')
export class QuestionTextStatus {
  @Field(() => TextStatus)
  @ApiProperty({ type: TextStatus })
  label: TextStatus;

  @Field(() => TextStatus, { nullable: true })
  @ApiPropertyOptional({ type: TextStatus })
  help?: TextStatus;

  @Field(() => [TextStatus], { nullable: true, description: 'one per option, in order' })
  @ApiPropertyOptional({ type: [TextStatus], description: 'one per option, in order' })
  options?: TextStatus[];
}

@ObjectType('BenefitTextStatus', { description: 'the status of each text of a benefit, in the same places as the texts' })
export class BenefitTextStatus implements EngineBenefitTextStatus {
  @Field(() => TextStatus)
  @ApiProperty({ type: TextStatus })
  name: TextStatus;

  @Field(() => [TextStatus], { description: 'one per explanation line' })
  @ApiProperty({ type: [TextStatus], description: 'one per explanation line' })
  explanation: TextStatus[];

  @Field(() => [TextStatus], { nullable: true })
  @ApiPropertyOptional({ type: [TextStatus] })
  wouldQualifyIf?: TextStatus[];

  @Field(() => TextStatus, { nullable: true })
  @ApiPropertyOptional({ type: TextStatus, description: 'of amount.note' })
  amountNote?: TextStatus;

  @Field(() => [TextStatus], { description: 'of howToApply.channels' })
  @ApiProperty({ type: [TextStatus], description: 'of howToApply.channels' })
  channels: TextStatus[];

  @Field(() => [TextStatus], { description: 'of howToApply.documents' })
  @ApiProperty({ type: [TextStatus], description: 'of howToApply.documents' })
  documents: TextStatus[];

  @Field(() => TextStatus, { nullable: true, description: 'of howToApply.deadline' })
  @ApiPropertyOptional({ type: TextStatus, description: 'of howToApply.deadline' })
  deadline?: TextStatus;

  @Field(() => [TextStatus], { description: 'of howToApply.notes' })
  @ApiProperty({ type: [TextStatus], description: 'of howToApply.notes' })
  notes: TextStatus[];
}

import { Field, Float, ObjectType, registerEnumType } from '@nestjs/graphql';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { LANGUAGES, type Language } from '@inps/kernel';
import { FACT_VALUE_OPENAPI, FactValueScalar } from '../../../common/scalars';
import { VERDICTS, type BenefitResult as EngineBenefitResult, type FactValue, type Verdict } from '../../../domain';
import type { ExplainedInferredFact, FindOutStep as FindOutStepShape, GuidedEvaluation } from '../../find-out/find-out.service';
import { WhereToGoOutcome } from '../../where-to-go/dto/where-to-go.outputs';
import { BenefitTextStatus, TranslationSummary } from './translation.outputs';

/*
 * What the engine answers (domain/engine/evaluate.ts), as one set of classes for the REST responses
 * (OpenAPI) and the GraphQL object types. `implements` keeps them in step with the engine's types.
 */

const VERDICT_ENUM = Object.fromEntries(VERDICTS.map((v) => [v, v])) as { [V in Verdict]: V };
registerEnumType(VERDICT_ENUM, { name: 'Verdict' });

@ObjectType()
export class RuleSetRef {
  @Field()
  @ApiProperty({ example: 'it-2026' })
  id: string;

  @Field()
  @ApiProperty({ example: '2026-01-01' })
  effectiveFrom: string;

  @Field(() => String, { nullable: true })
  @ApiProperty({ type: String, nullable: true, description: 'null while in force with no end' })
  effectiveTo: string | null;
}

@ObjectType()
export class ExplanationLine {
  @Field()
  @ApiProperty({ example: 'ISEE 8.200 € ≤ 10.140 €' })
  text: string;

  @Field(() => Boolean, { nullable: true, description: 'true holds, false fails, null unknown' })
  @ApiProperty({ type: Boolean, nullable: true, description: 'true holds, false fails, null unknown' })
  holds: boolean | null;
}

@ObjectType()
export class WouldQualifyIf {
  @Field()
  @ApiProperty()
  text: string;
}

@ObjectType()
export class Amount {
  @Field(() => Float)
  @ApiProperty({ description: 'in euros; the lower end while facts are missing (the note gives the range)' })
  value: number;

  @Field()
  @ApiProperty({ enum: ['once', 'month', 'year'] })
  period: 'once' | 'month' | 'year';

  @Field({ nullable: true })
  @ApiPropertyOptional()
  note?: string;
}

@ObjectType()
export class HowToApply {
  @Field(() => [String])
  @ApiProperty({ type: [String] })
  channels: string[];

  @Field(() => [String])
  @ApiProperty({ type: [String] })
  documents: string[];

  @Field({ nullable: true })
  @ApiPropertyOptional()
  deadline?: string;

  @Field(() => [String])
  @ApiProperty({ type: [String] })
  notes: string[];
}

@ObjectType()
export class LocalizedText {
  @Field()
  @ApiProperty()
  text: string;

  @Field(() => String, { description: 'the language the text is really in: Italian when the requested one lacks it' })
  @ApiProperty({ enum: LANGUAGES, description: 'the language the text is really in: Italian when the requested one lacks it' })
  language: Language;

  @Field({ description: 'false for a translation no native speaker has reviewed yet' })
  @ApiProperty({ description: 'false for a translation no native speaker has reviewed yet' })
  reviewed: boolean;
}

@ObjectType({ description: 'a fact nobody knew, and the concrete step to find it out' })
export class FindOutStep implements FindOutStepShape {
  @Field()
  @ApiProperty({ example: 'isee' })
  fact: string;

  @Field(() => LocalizedText, { nullable: true, description: 'where or how to find the fact out; null for a fact the guidance does not cover' })
  @ApiProperty({ type: LocalizedText, nullable: true, description: 'where or how to find the fact out; null for a fact the guidance does not cover' })
  step: LocalizedText | null;
}

@ObjectType({ description: 'a fact answered "don\'t know" that the other facts settle' })
export class InferredFact implements ExplainedInferredFact {
  @Field()
  @ApiProperty({ example: 'childAtNursery' })
  fact: string;

  @Field(() => FactValueScalar, { description: 'the value the other facts give it' })
  @ApiProperty({ ...FACT_VALUE_OPENAPI, description: 'the value the other facts give it' })
  value: FactValue;

  @Field(() => LocalizedText)
  @ApiProperty({ type: LocalizedText, description: 'why the answer is not needed' })
  explanation: LocalizedText;
}

@ObjectType()
export class BenefitResult implements EngineBenefitResult {
  @Field()
  @ApiProperty({ example: 'assegno-inclusione' })
  id: string;

  @Field()
  @ApiProperty()
  name: string;

  @Field()
  @ApiProperty({ enum: ['INPS', 'COMUNE'] })
  authority: 'INPS' | 'COMUNE';

  @Field(() => VERDICT_ENUM)
  @ApiProperty({ enum: VERDICTS, enumName: 'Verdict' })
  status: Verdict;

  @Field(() => [String])
  @ApiProperty({ type: [String], description: 'facts still needed to decide (UNDETERMINED only)' })
  missingFacts: string[];

  @Field(() => [ExplanationLine])
  @ApiProperty({ type: [ExplanationLine] })
  explanation: ExplanationLine[];

  @Field(() => [WouldQualifyIf], { nullable: true })
  @ApiPropertyOptional({ type: [WouldQualifyIf], description: 'the one change that would make a NOT_ELIGIBLE benefit hold' })
  wouldQualifyIf?: WouldQualifyIf[];

  @Field(() => Amount, { nullable: true })
  @ApiPropertyOptional({ type: Amount })
  amount?: Amount;

  @Field(() => HowToApply)
  @ApiProperty({ type: HowToApply })
  howToApply: HowToApply;

  @Field(() => [String], { nullable: true })
  @ApiPropertyOptional({ type: [String], description: 'benefits of the rule set in force today that replaced or continue this one' })
  successors?: string[];

  @Field(() => [String], { nullable: true })
  @ApiPropertyOptional({ type: [String], description: 'parameters used whose figure is not confirmed by a primary source' })
  unconfirmedParameters?: string[];

  @Field(() => [FindOutStep])
  @ApiProperty({ type: [FindOutStep], description: 'UNDETERMINED only: each of missingFacts with the step to find it out; empty otherwise' })
  findOut: FindOutStep[];

  @Field(() => BenefitTextStatus)
  @ApiProperty({ type: BenefitTextStatus, description: 'the language each text above is really in, and whether it was reviewed' })
  textStatus: BenefitTextStatus;
}

@ObjectType()
export class Evaluation implements GuidedEvaluation {
  @Field(() => RuleSetRef)
  @ApiProperty({ type: RuleSetRef })
  ruleSet: RuleSetRef;

  @Field(() => [BenefitResult])
  @ApiProperty({ type: [BenefitResult] })
  benefits: BenefitResult[];

  @Field(() => [String])
  @ApiProperty({
    type: [String],
    description:
      'facts answered or given as null ("don\'t know") that the other facts do not settle, in the rule set\'s order: the benefits that need them are UNDETERMINED and list them in missingFacts',
    example: ['isee'],
  })
  unknownFacts: string[];

  @Field(() => [FindOutStep])
  @ApiProperty({ type: [FindOutStep], description: 'each of unknownFacts with the step to find it out' })
  findOut: FindOutStep[];

  @Field(() => [InferredFact])
  @ApiProperty({ type: [InferredFact], description: 'facts answered or given as null that the other facts settle: not unknown, and why' })
  inferredFacts: InferredFact[];

  @Field(() => WhereToGoOutcome, { nullable: true, description: 'screening outcomes only: where to turn, nationally and in the screening’s comune' })
  @ApiPropertyOptional({
    type: WhereToGoOutcome,
    description: 'screening outcomes only (not evaluate): where to turn, nationally and in the screening’s comune',
  })
  whereToGo?: WhereToGoOutcome;

  @Field(() => TranslationSummary)
  @ApiProperty({ type: TranslationSummary })
  translation: TranslationSummary;
}

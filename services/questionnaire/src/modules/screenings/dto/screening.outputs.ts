import { LANGUAGES, type Language } from '@inps/kernel';
import { Directive, Field, Float, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { FACT_VALUE_OPENAPI, FactValueScalar } from '../../../common/scalars';
import type { FactValue, PresentedQuestion } from '../../../domain';
import { SCREENING_CHANNELS, SCREENING_MODES, SCREENING_STATUSES, type ScreeningChannel, type ScreeningMode, type ScreeningStatus } from '../screening.entity';
import { Evaluation, RuleSetRef } from './evaluation.outputs';
import { QuestionTextStatus, TranslationSummary } from './translation.outputs';

/* A screening as the REST API answers it and as the GraphQL type `Screening` shows it: one set of classes. */

const SCREENING_STATUS_ENUM = Object.fromEntries(SCREENING_STATUSES.map((s) => [s, s])) as { [S in ScreeningStatus]: S };
registerEnumType(SCREENING_STATUS_ENUM, { name: 'ScreeningStatus' });

@ObjectType()
export class QuestionOption {
  @Field()
  @ApiProperty({ example: 'IT' })
  value: string;

  @Field()
  @ApiProperty()
  label: string;
}

@ObjectType()
export class Question implements PresentedQuestion {
  @Field()
  @ApiProperty({ example: 'q-age' })
  id: string;

  @Field()
  @ApiProperty({ description: 'the fact the answer sets', example: 'age' })
  fact: string;

  @Field()
  @ApiProperty({ enum: ['boolean', 'number', 'integer', 'choice'] })
  type: 'boolean' | 'number' | 'integer' | 'choice';

  @Field(() => [QuestionOption], { nullable: true })
  @ApiPropertyOptional({ type: [QuestionOption], description: 'choice questions only' })
  options?: QuestionOption[];

  @Field()
  @ApiProperty()
  label: string;

  @Field({ nullable: true })
  @ApiPropertyOptional()
  help?: string;

  @Field(() => Float, { nullable: true })
  @ApiPropertyOptional({ description: 'number and integer questions only' })
  min?: number;

  @Field(() => Float, { nullable: true })
  @ApiPropertyOptional({ description: 'number and integer questions only' })
  max?: number;

  @Field(() => QuestionTextStatus)
  @ApiProperty({ type: QuestionTextStatus, description: 'the language label, help and options are really in, and whether they were reviewed' })
  textStatus: QuestionTextStatus;
}

@ObjectType()
export class ScreeningAnswer {
  @Field()
  @ApiProperty()
  questionId: string;

  @Field()
  @ApiProperty()
  fact: string;

  @Field(() => FactValueScalar, { nullable: true, description: 'the answer; null when the person did not know (dontKnow)' })
  @ApiProperty({ ...FACT_VALUE_OPENAPI, nullable: true, description: 'the answer; null when the person did not know (dontKnow)' })
  value: FactValue | null;

  @Field({ description: 'true when the answer was "don\'t know" (value null): the fact stays unknown and the question is not asked again' })
  @ApiProperty({ description: 'true when the answer was "don\'t know" (value null): the fact stays unknown and the question is not asked again' })
  dontKnow: boolean;
}

@ObjectType()
@Directive('@key(fields: "id")')
export class Screening {
  @Field()
  @ApiProperty({ format: 'uuid' })
  id: string;

  @Field(() => String, { nullable: true, description: 'shown once, in the answer that starts the screening; null afterwards (only its hash is kept)' })
  @ApiProperty({
    type: String,
    nullable: true,
    description:
      '8 letters and digits without look-alikes; resumes the screening until expiresOn. Shown once, in the answer that starts the screening (and its idempotent replay); null afterwards, since only its hash is kept',
    example: '7RRTMPK9',
  })
  resumeCode: string | null;

  @Field(() => SCREENING_STATUS_ENUM)
  @ApiProperty({ enum: SCREENING_STATUSES, enumName: 'ScreeningStatus' })
  status: ScreeningStatus;

  @Field(() => String)
  @ApiProperty({ enum: SCREENING_MODES })
  mode: ScreeningMode;

  @Field(() => String, { description: 'the language the screening was started in; texts follow the language of each request (translation.requested)' })
  @ApiProperty({ enum: LANGUAGES, description: 'the language the screening was started in; texts follow the language of each request (translation.requested)' })
  language: Language;

  @Field(() => TranslationSummary)
  @ApiProperty({ type: TranslationSummary, description: "the language of this answer's texts (next question and outcome)" })
  translation: TranslationSummary;

  @Field(() => String)
  @ApiProperty({ enum: SCREENING_CHANNELS })
  channel: ScreeningChannel;

  @Field(() => String, { nullable: true, description: 'ISTAT comune code' })
  @ApiProperty({ type: String, nullable: true, description: 'ISTAT comune code' })
  territory: string | null;

  @Field(() => RuleSetRef)
  @ApiProperty({ type: RuleSetRef })
  ruleSet: RuleSetRef;

  @Field()
  @ApiProperty({ description: 'the day whose rules apply', example: '2026-03-10' })
  asOf: string;

  @Field(() => [ScreeningAnswer])
  @ApiProperty({ type: [ScreeningAnswer] })
  answers: ScreeningAnswer[];

  @Field(() => Int)
  @ApiProperty()
  answeredCount: number;

  @Field(() => Question, { nullable: true })
  @ApiProperty({ type: Question, nullable: true, description: 'null once the screening is completed or closed' })
  nextQuestion: Question | null;

  @Field(() => [String], { nullable: true })
  @ApiPropertyOptional({ type: [String], description: 'answers dropped by a change because their questions no longer apply' })
  droppedAnswers?: string[];

  @Field(() => Evaluation, { nullable: true })
  @ApiPropertyOptional({ type: Evaluation, description: 'once completed' })
  outcome?: Evaluation;

  @Field()
  @ApiProperty({ description: 'the day the resume code stops working', example: '2026-04-09' })
  expiresOn: string;
}

/**
 * One screening in the list of a day: what an operator needs to find it again and see how it went,
 * nothing about the person (no answers, no facts) and never the resume code.
 */
@ObjectType()
export class ScreeningSummary {
  @Field()
  @ApiProperty({ format: 'uuid' })
  id: string;

  @Field(() => SCREENING_STATUS_ENUM)
  @ApiProperty({ enum: SCREENING_STATUSES, enumName: 'ScreeningStatus' })
  status: ScreeningStatus;

  @Field(() => String)
  @ApiProperty({ enum: SCREENING_MODES })
  mode: ScreeningMode;

  @Field(() => String)
  @ApiProperty({ enum: SCREENING_CHANNELS })
  channel: ScreeningChannel;

  @Field(() => String, { nullable: true, description: 'ISTAT comune code' })
  @ApiProperty({ type: String, nullable: true, description: 'ISTAT comune code' })
  territory: string | null;

  @Field(() => String)
  @ApiProperty({ enum: LANGUAGES })
  language: Language;

  @Field()
  @ApiProperty({ example: 'it-2026' })
  ruleSetId: string;

  @Field()
  @ApiProperty({ description: 'the day whose rules apply', example: '2026-03-10' })
  asOf: string;

  @Field(() => Int)
  @ApiProperty()
  answeredCount: number;

  @Field(() => Int, { nullable: true, description: 'benefits likely due; null until the screening is completed' })
  @ApiProperty({ type: Number, nullable: true, description: 'benefits likely due; null until the screening is completed' })
  likelyCount: number | null;

  @Field(() => Int, { nullable: true, description: 'benefits still to check; null until the screening is completed' })
  @ApiProperty({ type: Number, nullable: true, description: 'benefits still to check; null until the screening is completed' })
  undeterminedCount: number | null;
}

@ObjectType()
export class ScreeningPage {
  @Field(() => [ScreeningSummary])
  @ApiProperty({ type: [ScreeningSummary] })
  items: ScreeningSummary[];

  @Field(() => Int)
  @ApiProperty({ description: 'items matching, over all pages' })
  total: number;

  @Field()
  @ApiProperty({ description: 'the day listed', example: '2026-03-10' })
  day: string;

  @Field(() => Int)
  @ApiProperty({ example: 50 })
  limit: number;

  @Field(() => Int)
  @ApiProperty({ example: 0 })
  offset: number;
}

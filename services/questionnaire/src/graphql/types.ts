import { Directive, Field, Float, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { IsIn, IsNotEmpty, IsObject, IsOptional, IsString, Length, Matches, Validate } from 'class-validator';
import { IsIsoDay } from '@inps/shared';
import { SCREENING_CHANNELS, SCREENING_MODES } from '../modules/screenings/screening.entity';
import { FactValueScalar, JsonObjectScalar } from './scalars';

export enum VerdictGql {
  LIKELY_ELIGIBLE = 'LIKELY_ELIGIBLE',
  NOT_ELIGIBLE = 'NOT_ELIGIBLE',
  UNDETERMINED = 'UNDETERMINED',
}
export enum ScreeningStatusGql {
  IN_PROGRESS = 'IN_PROGRESS',
  COMPLETED = 'COMPLETED',
  CLOSED = 'CLOSED',
}
registerEnumType(VerdictGql, { name: 'Verdict' });
registerEnumType(ScreeningStatusGql, { name: 'ScreeningStatus' });

@ObjectType()
export class RuleSetRef {
  @Field() id: string;
  @Field() effectiveFrom: string;
  @Field(() => String, { nullable: true }) effectiveTo: string | null;
}

@ObjectType()
export class ExplanationLine {
  @Field() text: string;
  @Field(() => Boolean, { nullable: true, description: 'true holds, false fails, null unknown' }) holds: boolean | null;
}

@ObjectType()
export class WouldQualifyIf {
  @Field() text: string;
}

@ObjectType()
export class Amount {
  @Field(() => Float) value: number;
  @Field() period: string;
  @Field({ nullable: true }) note?: string;
}

@ObjectType()
export class HowToApply {
  @Field(() => [String]) channels: string[];
  @Field(() => [String]) documents: string[];
  @Field({ nullable: true }) deadline?: string;
  @Field(() => [String]) notes: string[];
}

@ObjectType()
export class BenefitResult {
  @Field() id: string;
  @Field() name: string;
  @Field() authority: string;
  @Field(() => VerdictGql) status: VerdictGql;
  @Field(() => [String]) missingFacts: string[];
  @Field(() => [ExplanationLine]) explanation: ExplanationLine[];
  @Field(() => [WouldQualifyIf], { nullable: true }) wouldQualifyIf?: WouldQualifyIf[];
  @Field(() => Amount, { nullable: true }) amount?: Amount;
  @Field(() => HowToApply) howToApply: HowToApply;
  @Field(() => [String], { nullable: true }) successors?: string[];
  @Field(() => [String], { nullable: true }) unconfirmedParameters?: string[];
}

@ObjectType()
export class Evaluation {
  @Field(() => RuleSetRef) ruleSet: RuleSetRef;
  @Field(() => [BenefitResult]) benefits: BenefitResult[];
}

@ObjectType()
export class QuestionOption {
  @Field() value: string;
  @Field() label: string;
}

@ObjectType()
export class Question {
  @Field() id: string;
  @Field() fact: string;
  @Field() type: string;
  @Field(() => [QuestionOption], { nullable: true }) options?: QuestionOption[];
  @Field() label: string;
  @Field({ nullable: true }) help?: string;
  @Field(() => Float, { nullable: true }) min?: number;
  @Field(() => Float, { nullable: true }) max?: number;
}

@ObjectType()
export class ScreeningAnswer {
  @Field() questionId: string;
  @Field() fact: string;
  @Field(() => FactValueScalar) value: boolean | number | string;
}

@ObjectType()
@Directive('@key(fields: "id")')
export class Screening {
  @Field() id: string;
  @Field() resumeCode: string;
  @Field(() => ScreeningStatusGql) status: ScreeningStatusGql;
  @Field() mode: string;
  @Field() language: string;
  @Field() channel: string;
  @Field(() => String, { nullable: true, description: 'ISTAT comune code' }) territory: string | null;
  @Field(() => RuleSetRef) ruleSet: RuleSetRef;
  @Field() asOf: string;
  @Field(() => [ScreeningAnswer]) answers: ScreeningAnswer[];
  @Field(() => Int) answeredCount: number;
  @Field(() => Question, { nullable: true }) nextQuestion: Question | null;
  @Field(() => [String], { nullable: true }) droppedAnswers?: string[];
  @Field(() => Evaluation, { nullable: true }) outcome?: Evaluation;
  @Field() expiresOn: string;
}

@ObjectType()
export class LocalisedText {
  @Field() it: string;
  @Field() en: string;
}

@ObjectType()
@Directive('@key(fields: "id")')
export class RuleSet {
  @Field() id: string;
  @Field(() => LocalisedText) title: LocalisedText;
  @Field() effectiveFrom: string;
  @Field(() => String, { nullable: true }) effectiveTo: string | null;
  @Field() status: string;
  @Field() source: string;
}

@ObjectType()
export class RuleSetParameter {
  @Field() name: string;
  @Field(() => Float) value: number;
  @Field() confirmed: boolean;
  @Field({ nullable: true }) unit?: string;
  @Field(() => LocalisedText, { nullable: true }) label?: LocalisedText;
}

@ObjectType()
export class Successor {
  @Field() id: string;
  @Field() since: string;
  @Field({ description: 'replaced: a new benefit took its place; continues: the same benefit with new figures' }) relation: string;
  @Field(() => LocalisedText) name: LocalisedText;
}

@ObjectType()
export class BenefitInfo {
  @Field() id: string;
  @Field(() => LocalisedText) name: LocalisedText;
  @Field() authority: string;
  @Field(() => [Successor], { nullable: true }) successors?: Successor[];
}

@InputType()
export class StartScreeningInput {
  @Field(() => String) @IsIn(SCREENING_MODES) mode: 'self' | 'operator';
  @Field(() => String, { nullable: true }) @IsOptional() @IsIn(['it', 'en']) language?: 'it' | 'en';
  @Field({ nullable: true }) @IsOptional() @Matches(/^[0-9]{6}$/, { message: 'must be a 6-digit ISTAT comune code' }) territory?: string;
  @Field(() => String, { nullable: true }) @IsOptional() @IsIn(SCREENING_CHANNELS) channel?: (typeof SCREENING_CHANNELS)[number];
  @Field({ nullable: true }) @IsOptional() @Validate(IsIsoDay) asOf?: string;
}

@InputType()
export class EvaluateInput {
  @Field(() => JsonObjectScalar) @IsObject() facts: Record<string, unknown>;
  @Field({ nullable: true }) @IsOptional() @Validate(IsIsoDay) asOf?: string;
  @Field({ nullable: true }) @IsOptional() @IsString() @IsNotEmpty() @Length(1, 64) ruleSet?: string;
  @Field(() => String, { nullable: true }) @IsOptional() @IsIn(['it', 'en']) language?: 'it' | 'en';
}

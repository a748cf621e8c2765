import { DEFAULT_LANGUAGE, LANGUAGES, type Language } from '@inps/kernel';
import { ArgsType, Field, ID, InputType, Int, IntersectionType } from '@nestjs/graphql';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsNotEmpty, IsObject, IsOptional, IsString, Length, Matches, Max, Min, Validate } from 'class-validator';
import { IsIsoDay } from '@inps/shared';
import { FACT_VALUE_OPENAPI, FactValueScalar, JsonObjectScalar } from '../../../common/scalars';
import type { FactValue } from '../../../domain';
import { SCREENING_CHANNELS, SCREENING_MODES, type ScreeningChannel, type ScreeningMode } from '../screening.entity';
import { IsFactValue } from './fact-value.validator';

/*
 * The inputs of the screenings API, one class each for REST (body, OpenAPI) and GraphQL (input or
 * arguments): the global validation pipe checks GraphQL arguments with the same class-validator
 * rules as REST bodies. GraphQL keeps plain strings where REST lists an enum (mode, language,
 * channel), so that clients writing `mode: "self"` keep working; the validators refuse the same
 * values on both.
 */

const LANGUAGE_MESSAGE = { message: `language must be one of ${LANGUAGES.join(', ')}` };

/**
 * The language of one answer's texts, where the request has no body field for it: the query
 * string in REST (`?language=ro`), an argument in GraphQL. Without it, Accept-Language decides.
 */
@ArgsType()
export class LanguageArgs {
  @Field(() => String, { nullable: true, description: "the language of the texts in this answer; else Accept-Language, else the screening's" })
  @ApiPropertyOptional({ enum: LANGUAGES, description: "the language of the texts in this answer; else Accept-Language, else the screening's" })
  @IsOptional()
  @IsIn(LANGUAGES, LANGUAGE_MESSAGE)
  language?: Language;
}

/** REST: the ids of a screening in paths go through ParseUuidPipe; GraphQL arguments through this. */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

@InputType()
export class StartScreeningInput {
  @Field(() => String)
  @ApiProperty({ enum: SCREENING_MODES, description: 'self = anonymous self-assessment; operator = run by an operator (needs an operator token)' })
  @IsIn(SCREENING_MODES)
  mode: ScreeningMode;

  @Field(() => String, { nullable: true, description: 'else Accept-Language, else Italian' })
  @ApiPropertyOptional({ enum: LANGUAGES, default: DEFAULT_LANGUAGE, description: 'else Accept-Language, else Italian' })
  @IsOptional()
  @IsIn(LANGUAGES, LANGUAGE_MESSAGE)
  language?: Language;

  @Field({ nullable: true })
  @ApiPropertyOptional({ description: 'ISTAT code of the comune (6 digits) where the screening happens', example: '058091' })
  @IsOptional()
  @Matches(/^[0-9]{6}$/, { message: 'must be a 6-digit ISTAT comune code' })
  territory?: string;

  @Field(() => String, { nullable: true })
  @ApiPropertyOptional({ enum: SCREENING_CHANNELS, description: 'defaults to self in self mode and desk in operator mode' })
  @IsOptional()
  @IsIn(SCREENING_CHANNELS)
  channel?: ScreeningChannel;

  @Field({ nullable: true })
  @ApiPropertyOptional({ description: 'the day whose rules apply (YYYY-MM-DD); today in Rome by default', example: '2026-03-01' })
  @IsOptional()
  @Validate(IsIsoDay)
  asOf?: string;
}

@InputType()
export class EvaluateInput {
  @Field(() => JsonObjectScalar)
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: "facts by name (docs/facts.md); absent = unknown; null = don't know (unknown, listed in unknownFacts)",
    example: { age: 45, citizenship: 'IT', hasIsee: true, isee: 8200 },
  })
  @IsObject()
  facts: Record<string, unknown>;

  @Field({ nullable: true })
  @ApiPropertyOptional({ example: '2026-03-01' })
  @IsOptional()
  @Validate(IsIsoDay)
  asOf?: string;

  @Field({ nullable: true })
  @ApiPropertyOptional({ example: 'it-2026' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @Length(1, 64)
  ruleSet?: string;

  @Field(() => String, { nullable: true, description: 'else Accept-Language, else Italian' })
  @ApiPropertyOptional({ enum: LANGUAGES, default: DEFAULT_LANGUAGE, description: 'else Accept-Language, else Italian' })
  @IsOptional()
  @IsIn(LANGUAGES, LANGUAGE_MESSAGE)
  language?: Language;
}

/** REST: the body of `POST /screenings/{id}/answers`. GraphQL: the arguments of `answerQuestion` besides the screening. */
@ArgsType()
export class AnswerInput {
  @Field()
  @ApiProperty({ description: 'the question being asked (nextQuestion.id)', example: 'q-age' })
  @IsString()
  @Length(1, 64)
  questionId: string;

  @Field(() => FactValueScalar, { nullable: true, description: 'true/false, a number, one of the options, or null for "don\'t know"' })
  @ApiProperty({
    description: 'true/false, a number, one of the options, or null for "don\'t know" (the fact stays unknown)',
    ...FACT_VALUE_OPENAPI,
    nullable: true,
  })
  @Validate(IsFactValue)
  value: FactValue | null;
}

/** REST: the body of `PUT /screenings/{id}/answers/{questionId}`. */
@ArgsType()
export class ChangeAnswerInput {
  @Field(() => FactValueScalar, { nullable: true, description: 'the new answer, or null for "don\'t know"' })
  @ApiProperty({ ...FACT_VALUE_OPENAPI, nullable: true, description: 'the new answer, or null for "don\'t know"' })
  @Validate(IsFactValue)
  value: FactValue | null;
}

/** GraphQL: the screening an answer is for (REST has it in the path, through ParseUuidPipe). */
@ArgsType()
class ScreeningArgs {
  @Field(() => ID)
  @Matches(UUID, { message: 'must be a UUID' })
  screeningId: string;
}

/** GraphQL: the screening and the question of a changed answer (REST has both in the path). */
@ArgsType()
class ScreeningQuestionArgs {
  @Field(() => ID)
  @Matches(UUID, { message: 'must be a UUID' })
  screeningId: string;

  @Field()
  @IsString()
  questionId: string;
}

/*
 * The GraphQL arguments are the REST body plus what REST has in its path. IntersectionType keeps
 * both classes' fields and validators, the path ones first as the schema always listed them.
 */

/** GraphQL: `answerQuestion(screeningId, questionId, value)`. */
@ArgsType()
export class AnswerQuestionArgs extends IntersectionType(IntersectionType(ScreeningArgs, AnswerInput, ArgsType), LanguageArgs, ArgsType) {}

/** GraphQL: `changeAnswer(screeningId, questionId, value, language)`. */
@ArgsType()
export class ChangeAnswerArgs extends IntersectionType(IntersectionType(ScreeningQuestionArgs, ChangeAnswerInput, ArgsType), LanguageArgs, ArgsType) {}

/** Pages of the day's screenings: as the agreements service's lists, 1 to 200 items, 50 when absent. */
export const SCREENING_PAGE_SIZE = 50;
const MAX_SCREENING_PAGE_SIZE = 200;

/** REST: the query of `GET /screenings`. GraphQL: the arguments of `screenings`. */
@ArgsType()
export class ScreeningListArgs {
  @Field({ nullable: true, description: 'the day the screenings were started (YYYY-MM-DD); today in Rome by default' })
  @ApiPropertyOptional({ description: 'the day the screenings were started (YYYY-MM-DD); today in Rome by default', example: '2026-03-10' })
  @IsOptional()
  @Validate(IsIsoDay)
  day?: string;

  @Field({ nullable: true, description: "central staff only: one organisation's screenings; operators always see their own" })
  @ApiPropertyOptional({ description: "central staff only: one organisation's screenings; operators always see their own", example: 'caritas-roma' })
  @IsOptional()
  @Matches(/^[a-z0-9][a-z0-9-]{0,63}$/, { message: 'must be an organisation id (lower-case letters, digits and dashes)' })
  organisation?: string;

  @Field(() => Int, { nullable: true })
  @ApiPropertyOptional({ default: SCREENING_PAGE_SIZE, minimum: 1, maximum: MAX_SCREENING_PAGE_SIZE })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_SCREENING_PAGE_SIZE)
  limit?: number;

  @Field(() => Int, { nullable: true })
  @ApiPropertyOptional({ default: 0, minimum: 0 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  offset?: number;
}

import type { Text } from '@inps/kernel';
import { Directive, Field, Float, ObjectType } from '@nestjs/graphql';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { RuleSetStatus } from '../ruleset.entity';

/* Rule sets as the REST API answers them and as the GraphQL types show them: one set of classes. */

/** A text in Italian and English. Rule sets must give both (their JSON Schema requires `en`). */
@ObjectType()
export class LocalisedText implements Text {
  @Field()
  @ApiProperty()
  it: string;

  @Field(() => String)
  @ApiProperty({ type: String })
  en?: string;
}

/** A language a rule set's texts can be shown in. */
@ObjectType()
export class RuleSetLanguage {
  @Field()
  @ApiProperty({ example: 'ro' })
  language: string;

  @Field({ description: 'a native speaker has reviewed the translation (Italian, the original, always is)' })
  @ApiProperty({ description: 'a native speaker has reviewed the translation (Italian, the original, always is)' })
  reviewed: boolean;

  @Field({ description: 'every text of the rule set is translated; a missing one shows in Italian' })
  @ApiProperty({ description: 'every text of the rule set is translated; a missing one shows in Italian' })
  complete: boolean;
}

@ObjectType()
@Directive('@key(fields: "id")')
export class RuleSet {
  @Field()
  @ApiProperty({ example: 'it-2026' })
  id: string;

  @Field(() => LocalisedText)
  @ApiProperty({ type: LocalisedText })
  title: LocalisedText;

  @Field()
  @ApiProperty({ example: '2026-01-01' })
  effectiveFrom: string;

  @Field(() => String, { nullable: true })
  @ApiProperty({ type: String, nullable: true })
  effectiveTo: string | null;

  @Field(() => String)
  @ApiProperty({ enum: ['draft', 'published', 'retired'] })
  status: RuleSetStatus;

  @Field()
  @ApiProperty({ enum: ['builtin', 'published'], description: 'shipped with the service, or published through the API' })
  source: string;

  @Field(() => [RuleSetLanguage], { description: 'Italian, English, and each language with a translation file (built-in rule sets only)' })
  @ApiProperty({ type: [RuleSetLanguage], description: 'Italian, English, and each language with a translation file (built-in rule sets only)' })
  languages: RuleSetLanguage[];
}

@ObjectType()
export class RuleSetParameter {
  @Field()
  @ApiProperty()
  name: string;

  @Field(() => Float)
  @ApiProperty()
  value: number;

  @Field()
  @ApiProperty()
  confirmed: boolean;

  @Field({ nullable: true })
  @ApiPropertyOptional()
  unit?: string;

  @Field(() => LocalisedText, { nullable: true })
  @ApiPropertyOptional({ type: LocalisedText })
  label?: LocalisedText;
}

@ObjectType()
export class Successor {
  @Field()
  @ApiProperty()
  id: string;

  @Field()
  @ApiProperty()
  since: string;

  @Field({ description: 'replaced: a new benefit took its place; continues: the same benefit with new figures' })
  @ApiProperty({ enum: ['replaced', 'continues'] })
  relation: string;

  @Field(() => LocalisedText)
  @ApiProperty({ type: LocalisedText })
  name: LocalisedText;
}

@ObjectType()
export class BenefitInfo {
  @Field()
  @ApiProperty()
  id: string;

  @Field(() => LocalisedText)
  @ApiProperty({ type: LocalisedText })
  name: LocalisedText;

  @Field()
  @ApiProperty()
  authority: string;

  @Field(() => [Successor], { nullable: true })
  @ApiPropertyOptional({ type: [Successor] })
  successors?: Successor[];
}

/**
 * A whole rule set as published (REST `GET /rulesets/{id}`): the structure of the YAML files under
 * services/questionnaire/rulesets, described in full by src/domain/engine/ruleset.schema.json.
 */
export class RuleSetDocument {
  @ApiProperty({ example: 'it-2026' })
  id: string;

  @ApiProperty({ type: LocalisedText })
  title: Text;

  @ApiPropertyOptional({ type: LocalisedText })
  description?: Text;

  @ApiProperty({ example: '2026-01-01' })
  effectiveFrom: string;

  @ApiProperty({ type: String, nullable: true })
  effectiveTo: string | null;

  @ApiProperty({ enum: ['draft', 'published', 'retired'] })
  status: RuleSetStatus;

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'figures by name: value, unit, label, confirmed (false when no primary source confirms it)',
  })
  parameters: Record<string, unknown>;

  @ApiProperty({ type: 'object', additionalProperties: true, description: 'the facts the rules read, by name: type, range or values, label, fact rules' })
  facts: Record<string, unknown>;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true, description: 'values computed from facts and parameters, by name' })
  derived?: Record<string, unknown>;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true, description: 'conditions shared by several benefits, by name' })
  conditions?: Record<string, unknown>;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true, description: 'ways to apply, by id' })
  channels?: Record<string, unknown>;

  @ApiPropertyOptional({ type: 'array', items: { type: 'object' }, description: 'notes added to every open benefit when their condition holds' })
  notes?: unknown[];

  @ApiProperty({ type: 'array', items: { type: 'object' }, description: 'id, name, authority, condition, amount, howToApply, successors' })
  benefits: unknown[];

  @ApiProperty({ type: 'array', items: { type: 'object' }, description: 'id, fact, type, label, options, range, askIf' })
  questions: unknown[];
}

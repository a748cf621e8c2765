import { ArgsType, Field } from '@nestjs/graphql';
import { ApiProperty } from '@nestjs/swagger';
import { Validate, ValidatorConstraint, type ValidatorConstraintInterface } from 'class-validator';
import { JsonObjectScalar } from '../../../common/scalars';

@ValidatorConstraint({ name: 'isRuleSetSource' })
class IsRuleSetSource implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return (typeof value === 'string' && value.length > 0) || (value !== null && typeof value === 'object' && !Array.isArray(value));
  }
  defaultMessage(): string {
    return 'must be the rule set as a JSON object or as YAML text';
  }
}

/**
 * REST: the body of `POST /rulesets`. GraphQL: the arguments of `publishRuleSet`, where the
 * JSONObject scalar takes the object form only.
 */
@ArgsType()
export class PublishRuleSetInput {
  @Field(() => JsonObjectScalar)
  @ApiProperty({
    description: 'the rule set (same structure as the YAML files under services/questionnaire/rulesets), as JSON or as YAML text',
    oneOf: [{ type: 'object' }, { type: 'string' }],
  })
  @Validate(IsRuleSetSource)
  definition: Record<string, unknown> | string;
}

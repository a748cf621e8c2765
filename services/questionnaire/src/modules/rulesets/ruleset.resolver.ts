import { Args, ID, Mutation, Parent, Query, ResolveField, Resolver, ResolveReference } from '@nestjs/graphql';
import { Public, Roles, ValidationFailedError } from '@inps/shared';
import { PublishRuleSetInput } from './dto/publish-ruleset.input';
import { BenefitInfo, RuleSet, RuleSetParameter } from './dto/ruleset.outputs';
import { RuleSetService } from './ruleset.service';

@Resolver(() => RuleSet)
export class RuleSetResolver {
  constructor(private readonly service: RuleSetService) {}

  @Public()
  @Query(() => [RuleSet], { nullable: true })
  ruleSets(): Promise<RuleSet[]> {
    return this.service.listAll();
  }

  @Public()
  @Query(() => RuleSet, { nullable: true })
  ruleSet(@Args('id', { type: () => ID }) id: string): Promise<RuleSet> {
    return this.service.getSummary(id);
  }

  @Roles('central')
  @Mutation(() => RuleSet, { description: 'Publish a new, immutable rule set (central directorate)' })
  publishRuleSet(@Args() input: PublishRuleSetInput): Promise<RuleSet> {
    return this.service.publish(input.definition);
  }

  /** `_entities` for RuleSet: public data, as `ruleSet(id)`; without it the subgraph answered INTERNAL. */
  @ResolveReference()
  resolveReference(ref: { id?: unknown }): Promise<RuleSet> {
    if (typeof ref?.id !== 'string' || ref.id.length === 0 || ref.id.length > 64) {
      throw new ValidationFailedError(
        'The request is not valid: representations id must be a rule set id',
        [{ field: 'id', issue: 'must be a rule set id' }],
        'BAD_USER_INPUT',
      );
    }
    return this.service.getSummary(ref.id);
  }

  @ResolveField(() => [RuleSetParameter])
  parameters(@Parent() rs: RuleSet): Promise<RuleSetParameter[]> {
    return this.service.parametersOf(rs.id);
  }

  @ResolveField(() => [BenefitInfo])
  benefits(@Parent() rs: RuleSet): Promise<BenefitInfo[]> {
    return this.service.benefitsOf(rs.id);
  }
}

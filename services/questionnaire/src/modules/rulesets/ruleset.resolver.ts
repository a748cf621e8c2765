import { Args, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Public, Roles } from '@inps/shared';
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

  @ResolveField(() => [RuleSetParameter])
  parameters(@Parent() rs: RuleSet): Promise<RuleSetParameter[]> {
    return this.service.parametersOf(rs.id);
  }

  @ResolveField(() => [BenefitInfo])
  benefits(@Parent() rs: RuleSet): Promise<BenefitInfo[]> {
    return this.service.benefitsOf(rs.id);
  }
}

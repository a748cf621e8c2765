import { Args, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Public, Roles } from '@inps/shared';
import { JsonObjectScalar } from '../../graphql/scalars';
import { BenefitInfo, RuleSet, RuleSetParameter } from '../../graphql/types';
import { RuleSetService } from './ruleset.service';

@Resolver(() => RuleSet)
export class RuleSetResolver {
  constructor(private readonly service: RuleSetService) {}

  @Public()
  @Query(() => [RuleSet], { nullable: true })
  ruleSets() {
    return this.service.listAll();
  }

  @Public()
  @Query(() => RuleSet, { nullable: true })
  ruleSet(@Args('id', { type: () => ID }) id: string) {
    return this.service.getDefinition(id);
  }

  @Roles('central')
  @Mutation(() => RuleSet, { description: 'Publish a new, immutable rule set (central directorate)' })
  publishRuleSet(@Args('definition', { type: () => JsonObjectScalar }) definition: Record<string, unknown>) {
    return this.service.publish(definition);
  }

  @ResolveField(() => [RuleSetParameter])
  async parameters(@Parent() rs: RuleSet) {
    return this.service.parametersOf(rs.id);
  }

  @ResolveField(() => [BenefitInfo])
  async benefits(@Parent() rs: RuleSet) {
    return this.service.benefitsOf(rs.id);
  }
}

import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { CurrentPrincipal, Public, type Principal } from '@inps/shared';
import { FactValueScalar } from '../../graphql/scalars';
import { Evaluation, EvaluateInput, Screening, StartScreeningInput } from '../../graphql/types';
import { ScreeningService } from './screening.service';

/** The same capabilities as the REST API, for GraphQL clients through the gateway. */
@Resolver(() => Screening)
export class ScreeningResolver {
  constructor(private readonly screenings: ScreeningService) {}

  @Public()
  @Query(() => Evaluation, { nullable: true, description: 'Verdicts for known facts, without a session; nothing is stored' })
  evaluateFacts(@Args('input') input: EvaluateInput) {
    return this.screenings.evaluate(input);
  }

  @Public()
  @Query(() => Screening, { nullable: true })
  screening(@Args('id', { type: () => ID }) id: string, @CurrentPrincipal() principal: Principal | null) {
    return this.screenings.get(id, principal);
  }

  @Public()
  @Query(() => Screening, { nullable: true })
  screeningByResumeCode(@Args('resumeCode') resumeCode: string, @CurrentPrincipal() principal: Principal | null) {
    return this.screenings.getByResumeCode(resumeCode, principal);
  }

  @Public()
  @Mutation(() => Screening)
  startScreening(@Args('input') input: StartScreeningInput, @CurrentPrincipal() principal: Principal | null) {
    return this.screenings.start({ ...input, language: input.language ?? 'it' }, principal);
  }

  @Public()
  @Mutation(() => Screening)
  answerQuestion(
    @Args('screeningId', { type: () => ID }) screeningId: string,
    @Args('questionId') questionId: string,
    @Args('value', { type: () => FactValueScalar }) value: boolean | number | string,
    @CurrentPrincipal() principal: Principal | null,
  ) {
    return this.screenings.answer(screeningId, questionId, value, principal);
  }

  @Public()
  @Mutation(() => Screening)
  changeAnswer(
    @Args('screeningId', { type: () => ID }) screeningId: string,
    @Args('questionId') questionId: string,
    @Args('value', { type: () => FactValueScalar }) value: boolean | number | string,
    @CurrentPrincipal() principal: Principal | null,
  ) {
    return this.screenings.changeAnswer(screeningId, questionId, value, principal);
  }

  @Public()
  @Mutation(() => Screening)
  completeScreening(@Args('screeningId', { type: () => ID }) screeningId: string, @CurrentPrincipal() principal: Principal | null) {
    return this.screenings.complete(screeningId, principal);
  }
}

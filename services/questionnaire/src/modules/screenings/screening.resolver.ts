import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { CurrentPrincipal, ParseUuidPipe, Public, type Principal } from '@inps/shared';
import { Evaluation } from './dto/evaluation.outputs';
import { AnswerQuestionArgs, ChangeAnswerArgs, EvaluateInput, StartScreeningInput } from './dto/screening.inputs';
import { Screening } from './dto/screening.outputs';
import { ScreeningService } from './screening.service';

/** The same capabilities as the REST API, for GraphQL clients through the gateway. */
@Resolver(() => Screening)
export class ScreeningResolver {
  constructor(private readonly screenings: ScreeningService) {}

  @Public()
  @Query(() => Evaluation, { nullable: true, description: 'Verdicts for known facts, without a session; nothing is stored' })
  evaluateFacts(@Args('input') input: EvaluateInput): Promise<Evaluation> {
    return this.screenings.evaluate(input);
  }

  @Public()
  @Query(() => Screening, { nullable: true })
  screening(@Args('id', { type: () => ID }, new ParseUuidPipe('id')) id: string, @CurrentPrincipal() principal: Principal | null): Promise<Screening> {
    return this.screenings.get(id, principal);
  }

  @Public()
  @Query(() => Screening, { nullable: true })
  screeningByResumeCode(@Args('resumeCode') resumeCode: string, @CurrentPrincipal() principal: Principal | null): Promise<Screening> {
    return this.screenings.getByResumeCode(resumeCode, principal);
  }

  @Public()
  @Mutation(() => Screening)
  startScreening(@Args('input') input: StartScreeningInput, @CurrentPrincipal() principal: Principal | null): Promise<Screening> {
    return this.screenings.start(input, principal);
  }

  @Public()
  @Mutation(() => Screening)
  answerQuestion(@Args() args: AnswerQuestionArgs, @CurrentPrincipal() principal: Principal | null): Promise<Screening> {
    return this.screenings.answer(args.screeningId, args.questionId, args.value, principal);
  }

  @Public()
  @Mutation(() => Screening)
  changeAnswer(@Args() args: ChangeAnswerArgs, @CurrentPrincipal() principal: Principal | null): Promise<Screening> {
    return this.screenings.changeAnswer(args.screeningId, args.questionId, args.value, principal);
  }

  @Public()
  @Mutation(() => Screening)
  completeScreening(
    @Args('screeningId', { type: () => ID }, new ParseUuidPipe('screeningId')) screeningId: string,
    @CurrentPrincipal() principal: Principal | null,
  ): Promise<Screening> {
    return this.screenings.complete(screeningId, principal);
  }
}

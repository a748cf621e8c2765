import { Args, Context, ID, Mutation, Query, Resolver, ResolveReference } from '@nestjs/graphql';
import type { Request } from 'express';
import { CurrentPrincipal, ParseUuidPipe, Public, ReferencePrincipal, ValidationFailedError, type Principal } from '@inps/shared';
import { Evaluation } from './dto/evaluation.outputs';
import { AnswerQuestionArgs, ChangeAnswerArgs, EvaluateInput, ScreeningListArgs, StartScreeningInput } from './dto/screening.inputs';
import { Screening, ScreeningPage } from './dto/screening.outputs';
import { requestLanguage } from './request-language';
import { ScreeningService } from './screening.service';

type GraphQLContext = { req?: Request };

/** A query's own `language` argument, checked by requestLanguage (unknown: a 400 naming it). */
const LANGUAGE_ARG = { type: () => String, nullable: true, description: "the language of the texts; else Accept-Language, else the screening's" } as const;

/** The request's Accept-Language, for the language of the texts when no `language` argument is given. */
function acceptLanguage(context: GraphQLContext | undefined): string | undefined {
  return context?.req?.headers['accept-language'];
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The same capabilities as the REST API, for GraphQL clients through the gateway. */
@Resolver(() => Screening)
export class ScreeningResolver {
  constructor(
    private readonly service: ScreeningService,
    private readonly referencePrincipal: ReferencePrincipal,
  ) {}

  /**
   * `_entities(representations: [{ __typename: "Screening", id }])`: the same answer as
   * `screening(id)`, for the same callers. Apollo calls it outside the global guard, so the token,
   * if any, is verified here; a self-assessment needs none, as in `screening(id)`.
   */
  @ResolveReference()
  async resolveReference(ref: { id?: unknown }, context?: { req?: Request }): Promise<Screening> {
    if (typeof ref?.id !== 'string' || !UUID.test(ref.id)) {
      throw new ValidationFailedError(
        'The request is not valid: representations id must be a UUID',
        [{ field: 'id', issue: 'must be a UUID' }],
        'BAD_USER_INPUT',
      );
    }
    const principal = context?.req?.headers.authorization === undefined ? null : await this.referencePrincipal.of(context);
    return this.service.get(ref.id.toLowerCase(), principal);
  }

  @Public()
  @Query(() => Evaluation, { nullable: true, description: 'Verdicts for known facts, without a session; nothing is stored' })
  evaluateFacts(@Args('input') input: EvaluateInput, @Context() context?: GraphQLContext): Promise<Evaluation> {
    return this.service.evaluate(input, acceptLanguage(context));
  }

  @Public()
  @Query(() => Screening, { nullable: true })
  screening(
    @Args('id', { type: () => ID }, new ParseUuidPipe('id')) id: string,
    @Args('language', LANGUAGE_ARG) language: string | undefined,
    @CurrentPrincipal() principal: Principal | null,
    @Context() context?: GraphQLContext,
  ): Promise<Screening> {
    return this.service.get(id, principal, requestLanguage(language, acceptLanguage(context)));
  }

  @Query(() => ScreeningPage, { nullable: true, description: 'The operator-mode screenings started on a day, as summaries (same rules as REST)' })
  screenings(@Args() query: ScreeningListArgs, @CurrentPrincipal() principal: Principal): Promise<ScreeningPage> {
    return this.service.listOfDay(query, principal);
  }

  @Public()
  @Query(() => Screening, { nullable: true })
  screeningByResumeCode(
    @Args('resumeCode') resumeCode: string,
    @Args('language', LANGUAGE_ARG) language: string | undefined,
    @CurrentPrincipal() principal: Principal | null,
    @Context() context?: GraphQLContext,
  ): Promise<Screening> {
    return this.service.getByResumeCode(resumeCode, principal, requestLanguage(language, acceptLanguage(context)));
  }

  @Public()
  @Mutation(() => Screening)
  startScreening(
    @Args('input') input: StartScreeningInput,
    @CurrentPrincipal() principal: Principal | null,
    @Context() context?: GraphQLContext,
  ): Promise<Screening> {
    return this.service.start(input, principal, acceptLanguage(context));
  }

  @Public()
  @Mutation(() => Screening)
  answerQuestion(@Args() args: AnswerQuestionArgs, @CurrentPrincipal() principal: Principal | null, @Context() context?: GraphQLContext): Promise<Screening> {
    return this.service.answer(args.screeningId, args.questionId, args.value, principal, requestLanguage(args.language, acceptLanguage(context)));
  }

  @Public()
  @Mutation(() => Screening)
  changeAnswer(@Args() args: ChangeAnswerArgs, @CurrentPrincipal() principal: Principal | null, @Context() context?: GraphQLContext): Promise<Screening> {
    return this.service.changeAnswer(args.screeningId, args.questionId, args.value, principal, requestLanguage(args.language, acceptLanguage(context)));
  }

  @Public()
  @Mutation(() => Screening)
  completeScreening(
    @Args('screeningId', { type: () => ID }, new ParseUuidPipe('screeningId')) screeningId: string,
    @Args('language', LANGUAGE_ARG) language: string | undefined,
    @CurrentPrincipal() principal: Principal | null,
    @Context() context?: GraphQLContext,
  ): Promise<Screening> {
    return this.service.complete(screeningId, principal, requestLanguage(language, acceptLanguage(context)));
  }
}

import { Body, Controller, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, ParseUuidPipe, Public, type Principal } from '@inps/shared';
import { AnswerInput, ChangeAnswerInput, EvaluateInput, LanguageArgs, ScreeningListArgs, StartScreeningInput } from './dto/screening.inputs';
import { Evaluation } from './dto/evaluation.outputs';
import { Screening, ScreeningPage } from './dto/screening.outputs';
import { AcceptLanguage, requestLanguage } from './request-language';
import { ScreeningService } from './screening.service';

@ApiTags('screenings')
@ApiBearerAuth()
@ApiHeader({
  name: 'Accept-Language',
  required: false,
  description: 'the language of the texts when the request has no language field or query (docs/api.md, "Languages"); never refused',
})
@Controller('api/v1/screenings')
export class ScreeningController {
  constructor(private readonly screenings: ScreeningService) {}

  @Public()
  @Post('evaluate')
  @HttpCode(200)
  @ApiOperation({ summary: 'Verdicts for known facts, without a session (partner apps). Nothing is stored.' })
  @ApiOkResponse({ type: Evaluation })
  evaluate(@Body() body: EvaluateInput, @AcceptLanguage() accept?: string): Promise<Evaluation> {
    return this.screenings.evaluate(body, accept);
  }

  @Public()
  @Post()
  @ApiOperation({ summary: 'Start a screening: anonymous self-assessment, or operator mode with an operator token' })
  @ApiCreatedResponse({ type: Screening })
  start(@Body() body: StartScreeningInput, @CurrentPrincipal() principal: Principal | null, @AcceptLanguage() accept?: string): Promise<Screening> {
    return this.screenings.start(body, principal, accept);
  }

  @Get()
  @ApiOperation({
    summary: "The operator-mode screenings started on a day (today in Rome by default): the organisation's for its operators, any for central staff",
  })
  @ApiOkResponse({ type: ScreeningPage })
  list(@Query() query: ScreeningListArgs, @CurrentPrincipal() principal: Principal): Promise<ScreeningPage> {
    return this.screenings.listOfDay(query, principal);
  }

  @Public()
  @Get('by-code/:resumeCode')
  @ApiOperation({ summary: 'Resume a screening by its 8-character code (valid 30 days)' })
  @ApiOkResponse({ type: Screening })
  byCode(
    @Param('resumeCode') code: string,
    @Query() q: LanguageArgs,
    @CurrentPrincipal() principal: Principal | null,
    @AcceptLanguage() accept?: string,
  ): Promise<Screening> {
    return this.screenings.getByResumeCode(code, principal, requestLanguage(q.language, accept));
  }

  @Public()
  @Get(':id')
  @ApiOperation({ summary: 'A screening: answers so far, the next question, and the outcome once completed' })
  @ApiOkResponse({ type: Screening })
  get(
    @Param('id', new ParseUuidPipe('id')) id: string,
    @Query() q: LanguageArgs,
    @CurrentPrincipal() principal: Principal | null,
    @AcceptLanguage() accept?: string,
  ): Promise<Screening> {
    return this.screenings.get(id, principal, requestLanguage(q.language, accept));
  }

  @Public()
  @Post(':id/answers')
  @HttpCode(200)
  @ApiOperation({ summary: 'Answer the question being asked; the engine picks the next one or completes the screening' })
  @ApiOkResponse({ type: Screening })
  answer(
    @Param('id', new ParseUuidPipe('id')) id: string,
    @Body() body: AnswerInput,
    @Query() q: LanguageArgs,
    @CurrentPrincipal() principal: Principal | null,
    @AcceptLanguage() accept?: string,
  ): Promise<Screening> {
    return this.screenings.answer(id, body.questionId, body.value, principal, requestLanguage(q.language, accept));
  }

  @Public()
  @Put(':id/answers/:questionId')
  @ApiOperation({ summary: 'Change an earlier answer; answers that no longer apply are dropped and verdicts recomputed' })
  @ApiOkResponse({ type: Screening })
  change(
    @Param('id', new ParseUuidPipe('id')) id: string,
    @Param('questionId') questionId: string,
    @Body() body: ChangeAnswerInput,
    @Query() q: LanguageArgs,
    @CurrentPrincipal() principal: Principal | null,
    @AcceptLanguage() accept?: string,
  ): Promise<Screening> {
    return this.screenings.changeAnswer(id, questionId, body.value, principal, requestLanguage(q.language, accept));
  }

  @Public()
  @Post(':id/complete')
  @HttpCode(200)
  @ApiOperation({ summary: 'End the screening now; benefits still open stay UNDETERMINED with the facts missing' })
  @ApiOkResponse({ type: Screening })
  complete(
    @Param('id', new ParseUuidPipe('id')) id: string,
    @Query() q: LanguageArgs,
    @CurrentPrincipal() principal: Principal | null,
    @AcceptLanguage() accept?: string,
  ): Promise<Screening> {
    return this.screenings.complete(id, principal, requestLanguage(q.language, accept));
  }
}

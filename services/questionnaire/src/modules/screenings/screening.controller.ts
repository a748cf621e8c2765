import { Body, Controller, Get, HttpCode, Param, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, ParseUuidPipe, Public, type Principal } from '@inps/shared';
import { AnswerInput, ChangeAnswerInput, EvaluateInput, StartScreeningInput } from './dto/screening.inputs';
import { Evaluation } from './dto/evaluation.outputs';
import { Screening } from './dto/screening.outputs';
import { ScreeningService } from './screening.service';

@ApiTags('screenings')
@ApiBearerAuth()
@Controller('api/v1/screenings')
export class ScreeningController {
  constructor(private readonly screenings: ScreeningService) {}

  @Public()
  @Post('evaluate')
  @HttpCode(200)
  @ApiOperation({ summary: 'Verdicts for known facts, without a session (partner apps). Nothing is stored.' })
  @ApiOkResponse({ type: Evaluation })
  evaluate(@Body() body: EvaluateInput): Promise<Evaluation> {
    return this.screenings.evaluate(body);
  }

  @Public()
  @Post()
  @ApiOperation({ summary: 'Start a screening: anonymous self-assessment, or operator mode with an operator token' })
  @ApiCreatedResponse({ type: Screening })
  start(@Body() body: StartScreeningInput, @CurrentPrincipal() principal: Principal | null): Promise<Screening> {
    return this.screenings.start(body, principal);
  }

  @Public()
  @Get('by-code/:resumeCode')
  @ApiOperation({ summary: 'Resume a screening by its 8-character code (valid 30 days)' })
  @ApiOkResponse({ type: Screening })
  byCode(@Param('resumeCode') code: string, @CurrentPrincipal() principal: Principal | null): Promise<Screening> {
    return this.screenings.getByResumeCode(code, principal);
  }

  @Public()
  @Get(':id')
  @ApiOperation({ summary: 'A screening: answers so far, the next question, and the outcome once completed' })
  @ApiOkResponse({ type: Screening })
  get(@Param('id', new ParseUuidPipe('id')) id: string, @CurrentPrincipal() principal: Principal | null): Promise<Screening> {
    return this.screenings.get(id, principal);
  }

  @Public()
  @Post(':id/answers')
  @HttpCode(200)
  @ApiOperation({ summary: 'Answer the question being asked; the engine picks the next one or completes the screening' })
  @ApiOkResponse({ type: Screening })
  answer(@Param('id', new ParseUuidPipe('id')) id: string, @Body() body: AnswerInput, @CurrentPrincipal() principal: Principal | null): Promise<Screening> {
    return this.screenings.answer(id, body.questionId, body.value, principal);
  }

  @Public()
  @Put(':id/answers/:questionId')
  @ApiOperation({ summary: 'Change an earlier answer; answers that no longer apply are dropped and verdicts recomputed' })
  @ApiOkResponse({ type: Screening })
  change(
    @Param('id', new ParseUuidPipe('id')) id: string,
    @Param('questionId') questionId: string,
    @Body() body: ChangeAnswerInput,
    @CurrentPrincipal() principal: Principal | null,
  ): Promise<Screening> {
    return this.screenings.changeAnswer(id, questionId, body.value, principal);
  }

  @Public()
  @Post(':id/complete')
  @HttpCode(200)
  @ApiOperation({ summary: 'End the screening now; benefits still open stay UNDETERMINED with the facts missing' })
  @ApiOkResponse({ type: Screening })
  complete(@Param('id', new ParseUuidPipe('id')) id: string, @CurrentPrincipal() principal: Principal | null): Promise<Screening> {
    return this.screenings.complete(id, principal);
  }
}

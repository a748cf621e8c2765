import { Body, Controller, HttpCode, Post, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '@inps/shared';
import { ResolveResumeCodeInput, ResolvedScreening } from './dto/internal.dto';
import { InternalTokenGuard } from './internal-access';
import { ScreeningService } from './screening.service';

/**
 * Service-to-service routes, outside `/api`: the gateway never routes them, and they answer only a
 * service holding INTERNAL_API_TOKEN. Public for the user-token guard: the caller is a service.
 * POST, so that the code travels in the body, never in a URL that a proxy might log.
 */
@ApiExcludeController()
@Public()
@UseGuards(InternalTokenGuard)
@Controller('internal/screenings')
export class InternalScreeningsController {
  constructor(private readonly screenings: ScreeningService) {}

  /** For monitoring's follow-ups: the id of the completed screening a resume code names. */
  @Post('resolve-resume-code')
  @HttpCode(200)
  resolveResumeCode(@Body() body: ResolveResumeCodeInput): Promise<ResolvedScreening> {
    return this.screenings.resolveCompletedResumeCode(body.resumeCode, body.organisationId);
  }
}

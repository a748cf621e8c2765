import { IsString, Length, Matches } from 'class-validator';

/** What monitoring sends to turn a resume code into a screening id (internal route, no OpenAPI). */
export class ResolveResumeCodeInput {
  /** As the person typed it: case, spaces and dashes are forgiven by the service. */
  @IsString()
  @Length(1, 32)
  resumeCode: string;

  /** The organisation recording the follow-up: the key of the lookup's rate limit. */
  @IsString()
  @Matches(/^[a-z0-9][a-z0-9-]{0,63}$/, { message: 'must be an organisation id' })
  organisationId: string;
}

export class ResolvedScreening {
  screeningId: string;
}

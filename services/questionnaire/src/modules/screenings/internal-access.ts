import { timingSafeEqual, createHash } from 'node:crypto';
import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Clock, RateLimitedError, UnauthorizedError } from '@inps/shared';
import type { Request } from 'express';
import { InternalAccess } from '../../questionnaire.config';

const digest = (s: string): Buffer => createHash('sha256').update(s).digest();

/**
 * The internal routes answer only a service holding INTERNAL_API_TOKEN (header `X-Internal-Token`).
 * Compared through SHA-256 digests, so that the comparison takes the same time whatever the length.
 */
@Injectable()
export class InternalTokenGuard implements CanActivate {
  private readonly expected: Buffer;
  constructor(access: InternalAccess) {
    this.expected = digest(access.token);
  }

  canActivate(context: ExecutionContext): boolean {
    const presented = context.switchToHttp().getRequest<Request>().headers['x-internal-token'];
    if (typeof presented !== 'string' || !timingSafeEqual(digest(presented), this.expected)) {
      throw new UnauthorizedError('This route is for the programme’s services', [{ field: 'X-Internal-Token', issue: 'missing or not valid' }]);
    }
    return true;
  }
}

/**
 * Resume-code lookups of the internal route, per organisation and minute (a fixed window per
 * replica): each lookup is a guess at a code, like the public lookups the gateway limits per caller.
 */
@Injectable()
export class ResumeCodeLookupLimit {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(
    private readonly access: InternalAccess,
    private readonly clock: Clock,
  ) {}

  take(organisationId: string): void {
    const now = this.clock.now().getTime();
    let w = this.windows.get(organisationId);
    if (!w || now - w.start >= 60_000) {
      if (this.windows.size > 10_000) this.windows.clear(); // bounded memory; a reset only forgives
      w = { start: now, count: 0 };
      this.windows.set(organisationId, w);
    }
    if (w.count >= this.access.resumeCodeLookupsPerMinute) {
      const retry = Math.max(1, Math.ceil((w.start + 60_000 - now) / 1000));
      throw new RateLimitedError(retry, `Too many resume-code lookups for this organisation (at most ${this.access.resumeCodeLookupsPerMinute} a minute)`, [
        { field: 'organisationId', issue: `retry in ${retry} s` },
      ]);
    }
    w.count += 1;
  }
}

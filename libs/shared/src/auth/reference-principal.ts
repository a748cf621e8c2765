import { Inject, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { UnauthorizedError } from '../errors/app-error';
import type { Principal } from './principal';
import { hasStoredPrincipal, principalOf, storePrincipal } from './principal.store';
import { TOKEN_VERIFIER } from './auth.guard';
import type { TokenVerifier } from './token-verifier';

/**
 * For every subgraph's `__resolveReference`. Apollo calls `__resolveReference(reference, context, info)`, an argument order in which the
 * global guard finds no request and so checks nothing; entity resolution therefore verifies the
 * bearer token itself, the same way the guard does, and requires one.
 */
@Injectable()
export class ReferencePrincipal {
  constructor(@Inject(TOKEN_VERIFIER) private readonly verifier: TokenVerifier) {}

  async of(context: { req?: Request } | undefined): Promise<Principal> {
    const req = context?.req;
    if (!req) throw new UnauthorizedError('Authentication is required');
    if (!hasStoredPrincipal(req)) {
      const match = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
      storePrincipal(req, match?.[1] ? await this.verifier.verify(match[1]) : null);
    }
    const principal = principalOf(req);
    if (!principal) throw new UnauthorizedError('Authentication is required');
    return principal;
  }
}

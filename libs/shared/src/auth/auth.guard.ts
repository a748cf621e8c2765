import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { ForbiddenError, UnauthorizedError } from '../errors/app-error';
import { IS_PUBLIC, REQUIRED_ROLES } from './auth.decorators';
import { httpRequestOf } from './execution-context';
import type { Principal } from './principal';
import { hasStoredPrincipal, principalOf, storePrincipal } from './principal.store';
import type { Role } from '@inps/kernel';
import { TokenVerifier } from './token-verifier';

export const TOKEN_VERIFIER = Symbol('TOKEN_VERIFIER');

/**
 * Global guard for REST and GraphQL: verifies a bearer token when one is sent (a bad one is a 401
 * even on public routes), refuses anonymous callers unless the handler or class is `@Public()`,
 * and enforces `@Roles(...)` on authenticated callers. A handler's `@Public()` or `@Roles()` wins over
 * its class's.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Inject(TOKEN_VERIFIER) private readonly verifier: TokenVerifier,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = httpRequestOf(context);
    if (!req) return true;
    const principal = await this.principalFor(req);
    const handler = context.getHandler();
    const isPublic = this.reflector.getAllAndOverride<boolean | undefined>(IS_PUBLIC, [handler, context.getClass()]) === true;
    // A handler's own @Public() lifts its class's @Roles(); its own @Roles() replaces them.
    const handlerRoles = this.reflector.get<readonly Role[] | undefined>(REQUIRED_ROLES, handler);
    const handlerPublic = this.reflector.get<boolean | undefined>(IS_PUBLIC, handler) === true;
    const roles = handlerRoles ?? (handlerPublic ? [] : (this.reflector.get<readonly Role[] | undefined>(REQUIRED_ROLES, context.getClass()) ?? []));
    if (!principal) {
      if (isPublic) return true;
      throw new UnauthorizedError('Authentication is required');
    }
    if (roles.length > 0 && !roles.some((r) => principal.roles.includes(r))) {
      throw new ForbiddenError(`This requires one of the roles: ${roles.join(', ')}`, [{ field: 'requiredRoles', issue: roles.join(',') }]);
    }
    return true;
  }

  /**
   * The verification under way for a request. GraphQL runs the guard of every entity of an
   * `_entities` request at once (31 organisations: 31 guards) before the first verification ends, so
   * remembering only the result would verify the token once per entity; they share this promise.
   */
  private readonly verifying = new WeakMap<Request, Promise<Principal | null>>();

  private principalFor(req: Request): Promise<Principal | null> {
    if (hasStoredPrincipal(req)) return Promise.resolve(principalOf(req));
    let pending = this.verifying.get(req);
    if (!pending) {
      pending = this.verifyRequest(req);
      this.verifying.set(req, pending);
    }
    return pending;
  }

  private async verifyRequest(req: Request): Promise<Principal | null> {
    const header = req.headers.authorization;
    let principal: Principal | null = null;
    if (header !== undefined && header.trim() !== '') {
      const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
      if (!match?.[1]) throw new UnauthorizedError('The Authorization header must be "Bearer <token>"');
      principal = await this.verifier.verify(match[1]);
    }
    storePrincipal(req, principal);
    return principal;
  }
}

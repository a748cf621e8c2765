import { applyDecorators, createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import { ApiBearerAuth } from '@nestjs/swagger';
import { httpRequestOf } from './execution-context';
import { principalOf } from './principal.store';
import type { Principal } from './principal';
import type { Role } from '@inps/kernel';

export const IS_PUBLIC = 'inps:auth:public';
export const REQUIRED_ROLES = 'inps:auth:roles';

/** Anonymous callers are allowed (a token, if sent, is still verified). */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(IS_PUBLIC, true);

/** The caller must hold at least one of these roles. */
export const Roles = (...roles: Role[]): MethodDecorator & ClassDecorator => applyDecorators(SetMetadata(REQUIRED_ROLES, roles), ApiBearerAuth());

/** The verified principal, or `null` for an anonymous caller of a `@Public()` handler. REST and GraphQL. */
export const CurrentPrincipal = createParamDecorator((_data: unknown, context: ExecutionContext): Principal | null => {
  const req = httpRequestOf(context);
  return req ? principalOf(req) : null;
});

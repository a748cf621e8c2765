import type { ExecutionContext } from '@nestjs/common';
import { GqlExecutionContext, type GqlContextType } from '@nestjs/graphql';
import type { Request } from 'express';

/** The HTTP request behind a REST handler or a GraphQL resolver (the GraphQL context must carry `req`). */
export function httpRequestOf(context: ExecutionContext): Request | undefined {
  const type = context.getType<GqlContextType>();
  if (type === 'http') return context.switchToHttp().getRequest<Request>();
  if (type === 'graphql') return GqlExecutionContext.create(context).getContext<{ req?: Request }>().req;
  return undefined;
}

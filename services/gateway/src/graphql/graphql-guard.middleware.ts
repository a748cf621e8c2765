import { jsonBodyParser } from '@inps/shared';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { sendGraphQLError } from '../app/gateway.errors';
import { checkOperation, type OperationLimits } from './operation-limits';

export interface GraphQLGuardOptions extends OperationLimits {
  readonly bodyLimit: string;
  readonly maxBatch: number;
}

interface GraphQLParams {
  readonly query?: unknown;
  readonly operationName?: unknown;
  readonly variables?: unknown;
}

function mediaType(req: Request): string {
  return (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}

function parseVariables(raw: unknown): unknown {
  if (typeof raw !== 'string') return raw;
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * In front of either runtime on /graphql: everything that must be refused before any execution.
 *
 * - CSRF: a browser can send a GET or a "simple" POST (form or text content types) cross-site
 *   without a preflight. So POST must be `application/json` (which needs a CORS preflight), and GET
 *   may carry queries only, never a mutation.
 * - Size: the JSON body limit, then a batch (array) of at most `maxBatch` operations.
 * - Shape: tokens, depth, aliases, cost, and introspection when it is off; measured on the document
 *   alone (operation-limits.ts), so the same rules hold whichever runtime runs.
 */
export function graphqlGuard(options: GraphQLGuardOptions): RequestHandler[] {
  const parseJson = jsonBodyParser(options.bodyLimit);
  const contentType: RequestHandler = (req, res, next) => {
    if (req.method === 'GET' || req.method === 'OPTIONS' || req.method === 'HEAD') return next();
    if (req.method !== 'POST') return sendGraphQLError(res, 405, 'METHOD_NOT_ALLOWED', 'GraphQL accepts POST (and GET for queries only)');
    if (mediaType(req) !== 'application/json') {
      return sendGraphQLError(res, 415, 'UNSUPPORTED_MEDIA_TYPE', 'GraphQL requests must be POSTed with Content-Type: application/json');
    }
    next();
  };
  const bodyErrors = (error: unknown, _req: Request, res: Response, next: NextFunction): void => {
    const e = error as { status?: number; code?: string; message?: string };
    if (typeof e.status === 'number' && typeof e.code === 'string')
      return sendGraphQLError(res, e.status, e.code, e.message ?? 'The request body could not be read');
    next(error);
  };
  const limits: RequestHandler = (req, res, next) => {
    let operations: GraphQLParams[];
    if (req.method === 'GET') {
      const q = req.query as Record<string, unknown>;
      operations = [{ query: q.query, operationName: q.operationName, variables: parseVariables(q.variables) }];
    } else if (req.method === 'POST') {
      const body: unknown = req.body;
      if (Array.isArray(body)) {
        if (body.length > options.maxBatch) {
          return sendGraphQLError(res, 400, 'BATCH_TOO_LARGE', `A batch may hold at most ${options.maxBatch} operations; this one has ${body.length}`);
        }
        operations = body as GraphQLParams[];
      } else {
        operations = [(body ?? {}) as GraphQLParams];
      }
    } else {
      return next();
    }
    for (const op of operations) {
      const checked = checkOperation(op?.query, op?.operationName, op?.variables, options);
      if (checked.refusal) return sendGraphQLError(res, 400, checked.refusal.code, checked.refusal.message);
      if (req.method === 'GET' && checked.measure?.mutation) {
        return sendGraphQLError(res, 405, 'MUTATION_NOT_ALLOWED', 'Mutations must be sent with POST and Content-Type: application/json');
      }
    }
    next();
  };
  return [contentType, parseJson, bodyErrors as unknown as RequestHandler, limits];
}

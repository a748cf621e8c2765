import { AsyncResource } from 'node:async_hooks';
import { MalformedBodyError, PayloadTooLargeError, UnsupportedMediaTypeError, type AppError } from '@inps/shared';
import type { Request, RequestHandler, Response } from 'express';
import type { RateLimitedError } from '@inps/shared';
import { sendGraphQLError, sendRefusal } from '../app/gateway.errors';
import { declaredLength, discardRestOfBody } from '../app/oversized-body';
import { checkOperation, type OperationLimits } from './operation-limits';

export interface GraphQLGuardOptions extends OperationLimits {
  readonly bodyLimitBytes: number;
  /** Bytes of a refused body read and dropped so that the client sees the 413 (oversized-body.ts). */
  readonly drainBytes: number;
  readonly maxBatch: number;
  /** Counts the request's root fields against the rate limits (absent: nothing is limited). */
  readonly chargeOperations?: (req: Request, rootFields: readonly string[]) => Promise<RateLimitedError | undefined>;
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

const refuseBody = (res: Response, error: AppError): void => sendGraphQLError(res, error.status, error.code, error.message);

/**
 * Reads the JSON body into `req.body` (where both runtimes take it from). Not body-parser: over the
 * limit it reads the whole body before it answers, however large; this answers 413 as soon as the
 * declared length or the bytes read pass the limit, and drops the rest within a bound.
 *
 * `next` goes on in the request's async context: the end of the body arrives in the socket's, and
 * what follows (the runtime, its subgraph calls, its log lines) would otherwise have lost the
 * request id and the trace (body-parser's raw-body binds its callback the same way).
 */
function readJsonBody(limitBytes: number, drainBytes: number): RequestHandler {
  return (req, res, proceed) => {
    if (req.method !== 'POST') return proceed();
    const next = AsyncResource.bind(proceed);
    const tooLarge = (): void => {
      refuseBody(res, new PayloadTooLargeError());
      discardRestOfBody(req, { maxBytes: drainBytes });
    };
    const encoding = (req.headers['content-encoding'] ?? 'identity').toLowerCase();
    const charset = /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(req.headers['content-type'] ?? '')?.[1]?.toLowerCase();
    if (encoding !== 'identity' || (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8')) {
      refuseBody(res, new UnsupportedMediaTypeError('GraphQL requests must be uncompressed UTF-8 JSON'));
      return discardRestOfBody(req, { maxBytes: drainBytes });
    }
    if ((declaredLength(req) ?? 0) > limitBytes) return tooLarge();
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size <= limitBytes) return void chunks.push(chunk);
      req.off('data', onData).off('end', onEnd);
      tooLarge();
    };
    const onEnd = (): void => {
      const text = Buffer.concat(chunks).toString('utf8');
      if (text.trim() === '') return next();
      try {
        const parsed: unknown = JSON.parse(text);
        // As body-parser's strict mode: a GraphQL request is an object, or an array of them (batch).
        if (typeof parsed !== 'object' || parsed === null) throw new SyntaxError('not an object or array');
        req.body = parsed;
      } catch {
        return refuseBody(res, new MalformedBodyError());
      }
      next();
    };
    req.on('data', onData);
    req.once('end', onEnd);
  };
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
 * - Rate limits: each root field of each operation is one operation for the limits, the same as
 *   one REST request (rate-limits.ts).
 */
export function graphqlGuard(options: GraphQLGuardOptions): RequestHandler[] {
  const contentType: RequestHandler = (req, res, next) => {
    if (req.method === 'GET' || req.method === 'OPTIONS' || req.method === 'HEAD') return next();
    if (req.method !== 'POST') return sendGraphQLError(res, 405, 'METHOD_NOT_ALLOWED', 'GraphQL accepts POST (and GET for queries only)');
    if (mediaType(req) !== 'application/json') {
      return sendGraphQLError(res, 415, 'UNSUPPORTED_MEDIA_TYPE', 'GraphQL requests must be POSTed with Content-Type: application/json');
    }
    next();
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
    const rootFields: string[] = [];
    for (const op of operations) {
      const checked = checkOperation(op?.query, op?.operationName, op?.variables, options);
      if (checked.refusal) return sendGraphQLError(res, 400, checked.refusal.code, checked.refusal.message);
      if (req.method === 'GET' && checked.measure?.mutation) {
        return sendGraphQLError(res, 405, 'MUTATION_NOT_ALLOWED', 'Mutations must be sent with POST and Content-Type: application/json');
      }
      rootFields.push(...(checked.measure?.rootFields ?? []));
    }
    if (!options.chargeOperations) return next();
    options.chargeOperations(req, rootFields).then(
      (refusal) => (refusal ? sendRefusal(req, res, refusal) : next()),
      () => next(),
    );
  };
  return [contentType, readJsonBody(options.bodyLimitBytes, options.drainBytes), limits];
}

import {
  AppError,
  errorLanguageOf,
  errorMessage,
  localizeErrorBody,
  RateLimitedError,
  type AppErrorOptionsOrCode,
  type ErrorBody,
  type ErrorDetail,
} from '@inps/shared';
import type { Request, Response } from 'express';

/** 502: the service answered with something that is not HTTP, or hung up mid-answer. */
export class BadGatewayError extends AppError {
  readonly status = 502;
  constructor(message = 'The service behind the gateway failed to answer', details?: readonly ErrorDetail[], options?: AppErrorOptionsOrCode) {
    super('BAD_GATEWAY', message, details, options);
  }
}

/** 504: the service did not start answering in UPSTREAM_TIMEOUT_MS. */
export class GatewayTimeoutError extends AppError {
  readonly status = 504;
  constructor(message = 'The service behind the gateway did not answer in time', details?: readonly ErrorDetail[], options?: AppErrorOptionsOrCode) {
    super('GATEWAY_TIMEOUT', message, details, options);
  }
}

/**
 * The standard error body in the request's language, as the services' shared filter writes it
 * (`res.req` is the request: `language` in its query, else Accept-Language, else Italian).
 */
export function sendErrorBody(res: Response, status: number, body: ErrorBody): void {
  const localized = localizeErrorBody(body, status, errorLanguageOf(res.req as Request | undefined));
  res.setHeader('Content-Language', localized.error.language);
  res.status(status).json(localized);
}

/**
 * Writes an AppError straight from an Express middleware (the proxy and the limits run before Nest's
 * routing, and a streamed request must not wait for Nest's filter).
 */
export function sendError(res: Response, error: AppError): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  if (error instanceof RateLimitedError) res.setHeader('Retry-After', String(error.retryAfterSeconds));
  if (error.status === 401) res.setHeader('WWW-Authenticate', 'Bearer');
  sendErrorBody(res, error.status, error.toBody());
}

/**
 * A GraphQL answer refusing the whole request before execution (no `data`, as for a validation
 * error): the message from the error catalogue in the request's language, the English one the
 * gateway wrote as `extensions.developerMessage`.
 */
export function sendGraphQLError(
  res: Response,
  status: number,
  code: string,
  developerMessage: string,
  extensions: Readonly<Record<string, unknown>> = {},
): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const text = errorMessage(code, status, errorLanguageOf(res.req as Request | undefined));
  res.setHeader('Content-Language', text.language);
  res
    .status(status)
    .json({ errors: [{ message: text.text, extensions: { code, ...extensions, language: text.language, reviewed: text.reviewed, developerMessage } }] });
}

/** Whether a request is for /graphql, whose refusals have the GraphQL shape. */
export function isGraphQLRequest(req: Request): boolean {
  return /^\/graphql(?:[/?]|$)/.test(req.originalUrl);
}

/**
 * A refusal by the gateway's own middleware, in the shape the client speaks: the standard error
 * body on REST, a GraphQL error with the same code, status and details in `extensions` on /graphql.
 * A 429 carries Retry-After in both, and `extensions.retryAfter` (seconds) in GraphQL.
 */
export function sendRefusal(req: Request, res: Response, error: AppError): void {
  if (!isGraphQLRequest(req)) return sendError(res, error);
  if (res.headersSent) {
    res.destroy();
    return;
  }
  if (error instanceof RateLimitedError) res.setHeader('Retry-After', String(error.retryAfterSeconds));
  if (error.status === 401) res.setHeader('WWW-Authenticate', 'Bearer');
  sendGraphQLError(res, error.status, error.code, error.message, {
    status: error.status,
    ...(error.details && error.details.length > 0 ? { details: error.details } : {}),
    ...(error instanceof RateLimitedError ? { retryAfter: error.retryAfterSeconds } : {}),
  });
}

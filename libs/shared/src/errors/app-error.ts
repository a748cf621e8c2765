import { errorBody, type ErrorBody, type ErrorDetail } from './error-body';

export interface AppErrorOptions {
  /** Overrides the class's code, e.g. `TRANSITION_NOT_ALLOWED` for a ConflictError. */
  readonly code?: string;
  readonly cause?: unknown;
}

/** A bare string is the code: `new ConflictError(message, details, 'TRANSITION_NOT_ALLOWED')`. */
export type AppErrorOptionsOrCode = AppErrorOptions | string;

/**
 * An error whose message is meant for the client. Anything that is not an AppError (or a known
 * framework or database error) is answered as a generic 500, so internal messages never leak.
 */
export abstract class AppError extends Error {
  abstract readonly status: number;
  readonly code: string;
  readonly details?: readonly ErrorDetail[];

  protected constructor(defaultCode: string, message: string, details?: readonly ErrorDetail[], optionsOrCode: AppErrorOptionsOrCode = {}) {
    const options = typeof optionsOrCode === 'string' ? { code: optionsOrCode } : optionsOrCode;
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = options.code ?? defaultCode;
    if (details && details.length > 0) this.details = details;
  }

  toBody(): ErrorBody {
    return errorBody(this.code, this.message, this.details);
  }
}

/** 400: the input breaks a rule; each detail names the field. */
export class ValidationFailedError extends AppError {
  readonly status = 400;
  constructor(message: string, details?: readonly ErrorDetail[], options?: AppErrorOptionsOrCode);
  constructor(details: readonly ErrorDetail[], options?: AppErrorOptionsOrCode);
  constructor(
    messageOrDetails: string | readonly ErrorDetail[],
    detailsOrOptions?: readonly ErrorDetail[] | AppErrorOptionsOrCode,
    options?: AppErrorOptionsOrCode,
  ) {
    const withMessage = typeof messageOrDetails === 'string';
    super(
      'VALIDATION_FAILED',
      withMessage ? messageOrDetails : 'The request is not valid',
      withMessage ? (detailsOrOptions as readonly ErrorDetail[] | undefined) : messageOrDetails,
      withMessage ? options : (detailsOrOptions as AppErrorOptionsOrCode | undefined),
    );
  }
}

/** 400: the body is not JSON (or not parseable at all). */
export class MalformedBodyError extends AppError {
  readonly status = 400;
  constructor(message = 'The request body is not valid JSON', details?: readonly ErrorDetail[], options?: AppErrorOptionsOrCode) {
    super('MALFORMED_BODY', message, details, options);
  }
}

/** 400: a generic client mistake that is not about one field. */
export class BadRequestError extends AppError {
  readonly status = 400;
  constructor(message = 'The request is not valid', details?: readonly ErrorDetail[], options?: AppErrorOptionsOrCode) {
    super('BAD_REQUEST', message, details, options);
  }
}

/** 401: no valid credentials. */
export class UnauthorizedError extends AppError {
  readonly status = 401;
  constructor(message = 'Authentication is required', details?: readonly ErrorDetail[], options?: AppErrorOptionsOrCode) {
    super('UNAUTHORIZED', message, details, options);
  }
}

/** 403: authenticated, but not allowed (role, organisation, territory). */
export class ForbiddenError extends AppError {
  readonly status = 403;
  constructor(message = 'You are not allowed to do this', details?: readonly ErrorDetail[], options?: AppErrorOptionsOrCode) {
    super('FORBIDDEN', message, details, options);
  }
}

export class NotFoundError extends AppError {
  readonly status = 404;
  constructor(message = 'Not found', details?: readonly ErrorDetail[], options?: AppErrorOptionsOrCode) {
    super('NOT_FOUND', message, details, options);
  }
}

/** 409: the state does not allow it (duplicate, wrong workflow state); `options.code` refines it. */
export class ConflictError extends AppError {
  readonly status = 409;
  constructor(message = 'The request conflicts with the current state', details?: readonly ErrorDetail[], options?: AppErrorOptionsOrCode) {
    super('CONFLICT', message, details, options);
  }
}

/** 410: it existed and is gone for good (an expired resume code). */
export class GoneError extends AppError {
  readonly status = 410;
  constructor(message = 'This resource is no longer available', details?: readonly ErrorDetail[], options?: AppErrorOptionsOrCode) {
    super('GONE', message, details, options);
  }
}

export class PayloadTooLargeError extends AppError {
  readonly status = 413;
  constructor(message = 'The request body is too large', details?: readonly ErrorDetail[], options?: AppErrorOptionsOrCode) {
    super('PAYLOAD_TOO_LARGE', message, details, options);
  }
}

export class UnsupportedMediaTypeError extends AppError {
  readonly status = 415;
  constructor(message = 'The request body must be JSON (Content-Type: application/json)', details?: readonly ErrorDetail[], options?: AppErrorOptionsOrCode) {
    super('UNSUPPORTED_MEDIA_TYPE', message, details, options);
  }
}

/** 422: well-formed, but the domain cannot act on it (no rule set in force on that date). */
export class UnprocessableError extends AppError {
  readonly status = 422;
  constructor(message = 'The request cannot be processed', details?: readonly ErrorDetail[], options?: AppErrorOptionsOrCode) {
    super('UNPROCESSABLE', message, details, options);
  }
}

export class ServiceUnavailableError extends AppError {
  readonly status = 503;
  constructor(message = 'The service is temporarily unavailable', details?: readonly ErrorDetail[], options?: AppErrorOptionsOrCode) {
    super('SERVICE_UNAVAILABLE', message, details, options);
  }
}

/** 429: a rate limit; the answer carries Retry-After (the shared filter and the gateway set it). */
export class RateLimitedError extends AppError {
  readonly status = 429;
  constructor(
    readonly retryAfterSeconds: number,
    message = 'Too many requests: slow down and retry later',
    details?: readonly ErrorDetail[],
    options?: AppErrorOptionsOrCode,
  ) {
    super('RATE_LIMITED', message, details, options);
  }
}

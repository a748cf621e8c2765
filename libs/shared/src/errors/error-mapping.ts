import { HttpException, HttpStatus } from '@nestjs/common';
import { AppError, BadRequestError, MalformedBodyError, PayloadTooLargeError, UnsupportedMediaTypeError } from './app-error';
import { mapDatabaseError } from './database-error.mapper';
import { mapInfrastructureError } from './infrastructure-error.mapper';
import { errorBody, type ErrorBody } from './error-body';

export interface MappedError {
  readonly status: number;
  readonly body: ErrorBody;
  /** True when nothing explains the failure: log it with the request id, answer generically. */
  readonly unexpected: boolean;
}

export const INTERNAL_MESSAGE = 'An unexpected error occurred';

const CODE_BY_STATUS: Readonly<Record<number, string>> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  406: 'NOT_ACCEPTABLE',
  408: 'REQUEST_TIMEOUT',
  409: 'CONFLICT',
  410: 'GONE',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  422: 'UNPROCESSABLE',
  429: 'TOO_MANY_REQUESTS',
  500: 'INTERNAL',
  501: 'NOT_IMPLEMENTED',
  502: 'BAD_GATEWAY',
  503: 'SERVICE_UNAVAILABLE',
  504: 'GATEWAY_TIMEOUT',
};

export function codeForStatus(status: number): string {
  return CODE_BY_STATUS[status] ?? (status >= 500 ? 'INTERNAL' : 'BAD_REQUEST');
}

/** The shape of http-errors objects raised by body-parser (they carry a `type`). */
interface BodyParserError {
  readonly status: number;
  readonly type: string;
  readonly message: string;
}

function asBodyParserError(e: unknown): BodyParserError | undefined {
  if (!(e instanceof Error)) return undefined;
  const { status, statusCode, type } = e as Error & { status?: unknown; statusCode?: unknown; type?: unknown };
  const s = typeof status === 'number' ? status : typeof statusCode === 'number' ? statusCode : undefined;
  if (s === undefined || typeof type !== 'string') return undefined;
  return { status: s, type, message: e.message };
}

/** Turns body-parser's failures into our errors (also used by the JSON body middleware). */
export function mapBodyParserError(e: unknown): AppError | undefined {
  const err = asBodyParserError(e);
  if (err) {
    switch (err.type) {
      case 'entity.parse.failed':
        return new MalformedBodyError(undefined, undefined, { cause: e });
      case 'entity.too.large':
        return new PayloadTooLargeError(undefined, undefined, { cause: e });
      case 'charset.unsupported':
      case 'encoding.unsupported':
        // body-parser's own message names the charset or encoding, which is safe and useful.
        return new UnsupportedMediaTypeError(err.message, undefined, { cause: e });
      default:
        if (err.status < 500) return new BadRequestError('The request body could not be read', undefined, { cause: e });
        return undefined;
    }
  }
  // Express and Nest turn JSON syntax errors into SyntaxError / URIError with status 400.
  if ((e instanceof SyntaxError || e instanceof URIError) && (e as Error & { status?: unknown }).status === 400) {
    return e instanceof SyntaxError
      ? new MalformedBodyError(undefined, undefined, { cause: e })
      : new BadRequestError('The URL is malformed', undefined, { cause: e });
  }
  return undefined;
}

function fromHttpException(e: HttpException): MappedError {
  const status = e.getStatus();
  const code = codeForStatus(status);
  if (status >= 500 && status !== HttpStatus.SERVICE_UNAVAILABLE) {
    return { status, body: errorBody(code, INTERNAL_MESSAGE), unexpected: true };
  }
  const response = e.getResponse();
  let message: string;
  if (typeof response === 'string') message = response;
  else {
    const m = (response as { message?: unknown }).message;
    message = Array.isArray(m) ? m.filter((x): x is string => typeof x === 'string').join('; ') : typeof m === 'string' ? m : e.message;
  }
  // Nest's not-found handler says "Cannot GET /path?query": do not echo paths and query strings.
  if (status === 404 && /^Cannot [A-Z]+ /.test(message)) message = 'No route matches this request';
  return { status, body: errorBody(code, message), unexpected: false };
}

/** The single place that decides status, code and message for any thrown value. */
export function mapException(exception: unknown): MappedError {
  if (exception instanceof AppError) return { status: exception.status, body: exception.toBody(), unexpected: false };
  const fromBody = mapBodyParserError(exception);
  if (fromBody) return { status: fromBody.status, body: fromBody.toBody(), unexpected: false };
  if (exception instanceof HttpException) {
    const cause = exception.cause;
    const viaCause = cause === undefined ? undefined : mapBodyParserError(cause);
    if (viaCause) return { status: viaCause.status, body: viaCause.toBody(), unexpected: false };
    return fromHttpException(exception);
  }
  const fromDb = mapDatabaseError(exception);
  if (fromDb) return { status: fromDb.status, body: fromDb.toBody(), unexpected: fromDb.status >= 500 };
  const outage = mapInfrastructureError(exception);
  if (outage) return { status: outage.status, body: outage.toBody(), unexpected: true };
  return { status: 500, body: errorBody('INTERNAL', INTERNAL_MESSAGE), unexpected: true };
}

import { Catch, type ArgumentsHost, type ExceptionFilter, type LoggerService } from '@nestjs/common';
import type { Request, Response } from 'express';
import { errorLanguageOf } from '../i18n/request-language';
import { requestIdOf, routeOf } from '../logging/request-context';
import { RateLimitedError } from './app-error';
import { localizeErrorBody } from './error-messages';
import { mapException } from './error-mapping';

/**
 * Global filter: every REST failure leaves in the one error shape, its message in the request's
 * language (`language` in the query or body, else Accept-Language, else Italian). In GraphQL the
 * exception is handed back unchanged and `formatGraphQLError` shapes it.
 */
@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  constructor(private readonly logger: LoggerService) {}

  catch(exception: unknown, host: ArgumentsHost): unknown {
    if (host.getType() !== 'http') return exception;
    const ctx = host.switchToHttp();
    const req = ctx.getRequest<Request>();
    const res = ctx.getResponse<Response>();
    const mapped = mapException(exception);
    if (mapped.unexpected) {
      // The stack goes to the log, tied to the request id the client saw; never to the client.
      this.logger.error(
        { msg: 'unhandled error', requestId: requestIdOf(req), method: req.method, route: routeOf(req), status: mapped.status, err: exception },
        undefined,
        'HttpErrorFilter',
      );
    }
    if (res.headersSent) {
      res.end();
      return undefined;
    }
    if (mapped.status === 401) res.setHeader('WWW-Authenticate', 'Bearer');
    if (exception instanceof RateLimitedError) res.setHeader('Retry-After', String(exception.retryAfterSeconds));
    const body = localizeErrorBody(mapped.body, mapped.status, errorLanguageOf(req));
    res.setHeader('Content-Language', body.error.language);
    res.status(mapped.status).json(body);
    return undefined;
  }
}

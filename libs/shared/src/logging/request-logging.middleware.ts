import type { NextFunction, Request, Response } from 'express';
import type { Logger } from 'pino';
import { requestIdOf, resolveRequestId, routeOf, setRequestId, withRequestId } from './request-context';

/**
 * Makes the request id the current one for everything the request does (every log line, the
 * outbox events and jobs it writes), and writes one line per request with method, route pattern, status and duration, and nothing else: no
 * body, query string, header, address, user agent or token. Anonymous by construction.
 */
export function requestLoggingMiddleware(logger: Logger): (req: Request, res: Response, next: NextFunction) => void {
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    const requestId = resolveRequestId(req.headers['x-request-id']);
    setRequestId(req, requestId);
    res.setHeader('x-request-id', requestId);
    res.once('close', () => {
      const durationMs = Math.round(Number(process.hrtime.bigint() - started) / 1e4) / 100;
      const status = res.writableFinished ? res.statusCode : 499;
      const line = { requestId: requestIdOf(req), method: req.method, route: routeOf(req), status, durationMs };
      if (status >= 500) logger.warn(line, 'request');
      else logger.info(line, 'request');
    });
    withRequestId(requestId, next);
  };
}

import type { NextFunction, Request, Response } from 'express';
import type { Logger } from 'pino';
import { statusClass, type Metrics } from '../metrics/metrics';
import { requestIdOf, resolveRequestId, routeOf, setRequestId, withRequestId } from './request-context';

/**
 * Makes the request id the current one for everything the request does (every log line, the
 * outbox events and jobs it writes), and writes one line per request with method, route pattern, status and duration, and nothing else: no
 * body, query string, header, address, user agent or token. Anonymous by construction.
 *
 * With `metrics` (METRICS_ENABLED), the same end of the request also counts and times it by route
 * pattern, method and status: one listener per request for both, where a middleware of its own
 * cost a second layer, closure, listener and clock read on every request (decision 0022).
 */
export function requestLoggingMiddleware(logger: Logger, metrics?: Metrics): (req: Request, res: Response, next: NextFunction) => void {
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    const requestId = resolveRequestId(req.headers['x-request-id']);
    setRequestId(req, requestId);
    res.setHeader('x-request-id', requestId);
    res.once('close', () => {
      const elapsed = Number(process.hrtime.bigint() - started);
      const status = res.writableFinished ? res.statusCode : 499;
      const route = routeOf(req);
      const line = { requestId: requestIdOf(req), method: req.method, route, status, durationMs: Math.round(elapsed / 1e4) / 100 };
      if (status >= 500) logger.warn(line, 'request');
      else logger.info(line, 'request');
      if (metrics) {
        metrics.httpRequests.inc({ route, method: req.method, status: String(status) });
        metrics.httpDuration.observe({ route, method: req.method, status_class: statusClass(status) }, elapsed / 1e9);
      }
    });
    withRequestId(requestId, next);
  };
}

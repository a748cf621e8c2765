import type { NextFunction, Request, Response } from 'express';
import { routeOf } from '../logging/request-context';
import { statusClass, type Metrics } from './metrics';

type Middleware = (req: Request, res: Response, next: NextFunction) => void;

/**
 * Counts and times every request by route pattern (`/api/v1/screenings/:id`, the logger's routeOf,
 * never the URL: ids and codes stay out of the labels), method and status. Per request: one clock
 * read, one listener, one counter and one histogram update.
 */
export function httpMetricsMiddleware(metrics: Metrics): Middleware {
  const { httpRequests, httpDuration } = metrics;
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    res.once('close', () => {
      const status = res.writableFinished ? res.statusCode : 499;
      const route = routeOf(req);
      httpRequests.inc({ route, method: req.method, status: String(status) });
      httpDuration.observe({ route, method: req.method, status_class: statusClass(status) }, Number(process.hrtime.bigint() - started) / 1e9);
    });
    next();
  };
}

/** `GET /metrics`: the Prometheus text exposition of the process. */
export function metricsEndpoint(metrics: Metrics): Middleware {
  return (req, res, next) => {
    if (req.method !== 'GET' || (req.path !== '/' && req.path !== '')) return next();
    metrics.scrape().then(
      (text) => {
        res.setHeader('Content-Type', metrics.contentType);
        res.setHeader('Cache-Control', 'no-store');
        res.end(text);
      },
      (error: unknown) => next(error),
    );
  };
}

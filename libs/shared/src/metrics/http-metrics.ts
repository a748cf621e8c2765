import type { NextFunction, Request, Response } from 'express';
import type { Metrics } from './metrics';

type Middleware = (req: Request, res: Response, next: NextFunction) => void;

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

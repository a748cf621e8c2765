import type { RequestHandler } from 'express';

/** Request headers a browser page may send cross-origin (Idempotency-Key for retried POSTs). */
const ALLOWED_HEADERS = 'authorization, content-type, x-api-key, x-request-id, accept-language, if-match, if-none-match, idempotency-key';
const EXPOSED_HEADERS = 'x-request-id, retry-after, etag, location, content-disposition, idempotent-replayed';
const ALLOWED_METHODS = 'GET, HEAD, POST, PUT, PATCH, DELETE';

/**
 * CORS for every answer of the gateway, decided here and nowhere else: the GraphQL runtime's own
 * CORS is off and the services' Access-Control-* headers are dropped by the proxy. Only the
 * configured origins are named back, never a wildcard and never credentials: the API takes bearer
 * tokens in a header, so a page needs no cookies, and `Allow-Credentials` would only let a page use
 * whatever ambient credentials a browser holds.
 *
 * A preflight (OPTIONS with Access-Control-Request-Method) is answered here, 204, with the CORS
 * headers only for an allowed origin: it never reaches a service or the runtime, which would
 * answer it in their own way.
 */
export function corsPolicy(origins: readonly string[]): RequestHandler {
  const allowed = new Set(origins);
  return (req, res, next) => {
    const origin = req.headers.origin;
    // Caches must not give one origin's answer to another.
    if (allowed.size > 0) res.vary('Origin');
    const permitted = typeof origin === 'string' && allowed.has(origin);
    if (permitted) {
      res.setHeader('Access-Control-Allow-Origin', origin);
      res.setHeader('Access-Control-Expose-Headers', EXPOSED_HEADERS);
    }
    if (req.method !== 'OPTIONS' || req.headers['access-control-request-method'] === undefined) return next();
    if (permitted) {
      res.setHeader('Access-Control-Allow-Methods', ALLOWED_METHODS);
      res.setHeader('Access-Control-Allow-Headers', ALLOWED_HEADERS);
      res.setHeader('Access-Control-Max-Age', '600');
    }
    res.status(204).end();
  };
}

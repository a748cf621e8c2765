import { randomUUID } from 'node:crypto';
import type { Request } from 'express';

const REQUEST_ID = Symbol('inps.requestId');

type WithRequestId = Request & { [REQUEST_ID]?: string };

/** Accepts a caller's id only if it is a short, harmless token (it ends up in logs and headers). */
const SAFE_REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

export function resolveRequestId(header: string | readonly string[] | undefined): string {
  const value = Array.isArray(header) ? header[0] : header;
  return typeof value === 'string' && SAFE_REQUEST_ID.test(value) ? value : randomUUID();
}

export function setRequestId(req: Request, id: string): void {
  (req as WithRequestId)[REQUEST_ID] = id;
}

export function requestIdOf(req: Request): string | undefined {
  return (req as WithRequestId)[REQUEST_ID];
}

/** Paths served outside Express routes (Apollo, Swagger) that are safe to log as they are. */
export const STATIC_LOGGED_PATHS: readonly string[] = ['/graphql', '/openapi.json', '/docs'];

/**
 * The route pattern (`/api/v1/screenings/:id`), never the raw URL: ids, resume codes and query
 * strings stay out of the logs.
 */
export function routeOf(req: Request): string {
  const route = (req as Request & { route?: { path?: unknown } }).route;
  if (route && typeof route.path === 'string') return `${req.baseUrl ?? ''}${route.path}`;
  // originalUrl: inside a mounted router (Apollo) req.path is relative to the mount point.
  const path = (req.originalUrl ?? req.url ?? '').split('?')[0] ?? '';
  return STATIC_LOGGED_PATHS.includes(path) ? path : '(unmatched)';
}

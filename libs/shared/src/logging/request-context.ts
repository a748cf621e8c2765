import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { Request } from 'express';

const REQUEST_ID = Symbol('inps.requestId');

type WithRequestId = Request & { [REQUEST_ID]?: string };

/**
 * The request id of what the process is doing now: the request being served, or the job or event
 * a worker is handling (which carries the id of the request that caused it). The one
 * AsyncLocalStorage of the process; every log line reads it (createLogger's mixin).
 */
const context = new AsyncLocalStorage<string>();

export function currentRequestId(): string | undefined {
  return context.getStore();
}

/** Runs `fn` with `requestId` as the current one; without an id, `fn` runs outside any. */
export function withRequestId<T>(requestId: string | undefined, fn: () => T): T {
  return requestId === undefined ? context.exit(fn) : context.run(requestId, fn);
}

/**
 * An id that came from elsewhere (a header, a job's data): kept only if it is a safe token, so a
 * forged value cannot inject lines or markup into logs. Undefined otherwise.
 */
export function safeRequestId(value: unknown): string | undefined {
  return typeof value === 'string' && SAFE_REQUEST_ID.test(value) ? value : undefined;
}

/** Accepts a caller's id only if it is a short, harmless token (it ends up in logs and headers). */
const SAFE_REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

export function resolveRequestId(header: string | readonly string[] | undefined): string {
  return safeRequestId(Array.isArray(header) ? header[0] : header) ?? randomUUID();
}

export function setRequestId(req: Request, id: string): void {
  (req as WithRequestId)[REQUEST_ID] = id;
}

export function requestIdOf(req: Request): string | undefined {
  return (req as WithRequestId)[REQUEST_ID];
}

/** Paths served outside Express routes (Apollo, Swagger) that are safe to log as they are. */
export const STATIC_LOGGED_PATHS: readonly string[] = ['/graphql', '/openapi.json', '/docs', '/metrics'];

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

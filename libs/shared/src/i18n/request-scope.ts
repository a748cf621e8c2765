import { AsyncLocalStorage } from 'node:async_hooks';
import type { IncomingHttpHeaders } from 'node:http';

/** What the language helpers read of a request: its headers, and its query and body when parsed. */
export interface RequestLike {
  readonly headers: IncomingHttpHeaders;
  readonly query?: unknown;
  readonly body?: unknown;
}

const scope = new AsyncLocalStorage<RequestLike>();

/**
 * Keeps the request at hand for code that is not given it: Apollo's `formatError` receives the error
 * alone, yet must answer in the request's language. Installed after the body parser (configureApp),
 * so that everything after it, Apollo included, runs inside the request's scope.
 */
export function requestScope(): (req: RequestLike, res: unknown, next: () => void) => void {
  return (req, _res, next) => scope.run(req, next);
}

/** The request being served, when the code runs inside `requestScope()`. */
export function currentRequest(): RequestLike | undefined {
  return scope.getStore();
}

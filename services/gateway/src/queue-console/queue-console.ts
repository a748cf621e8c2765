import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import { AppError, ForbiddenError, NotFoundError, ServiceUnavailableError, UnauthorizedError, type Principal, type QueueBackend } from '@inps/shared';
import type { Queue } from 'bullmq';
import type { Express, Request, RequestHandler, Response } from 'express';
import { sendError } from '../app/gateway.errors';
import type { TokenCheck } from '../security/token-check';

/** Where the console lives on the gateway; its session cookie is scoped to this path. */
const QUEUE_CONSOLE_PATH = '/admin/queues';
const QUEUE_CONSOLE_COOKIE = 'inps_queue_console';

export interface QueueConsoleOptions {
  readonly backend: QueueBackend;
  /** Queue names without the prefix (QUEUE_CONSOLE_QUEUES). */
  readonly queues: readonly string[];
  readonly tokens: TokenCheck;
  readonly sessionSeconds: number;
  /** Production: the cookie is sent over https only. */
  readonly secureCookie: boolean;
  /** The monitoring service's base URL: the events it refused are kept there (decision 0027). */
  readonly monitoringUrl: string;
  readonly now?: () => number;
}

export interface QueueConsole {
  close(): Promise<void>;
}

/**
 * The console loads its scripts, styles and icons from the gateway only (bull-board's UI package);
 * inline styles are bull-board's. Nothing may frame it.
 */
const CONSOLE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * The only changes the console makes: retry or discard failed jobs, one or all of a queue. Pausing,
 * emptying, obliterating, adding, promoting and editing jobs or schedulers stay out of reach: a
 * schedule is the code's (upsertJobScheduler at every start) and an emptied events queue would lose
 * events the outbox already counts as published.
 */
const ALLOWED_CHANGES: readonly RegExp[] = [/^\/api\/queues\/([^/]+)\/(retry|clean)\/failed$/, /^\/api\/queues\/([^/]+)\/([^/]+)\/(retry|clean)$/];

function bearerOf(req: Request): string | undefined {
  const m = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '');
  return m?.[1];
}

function cookieOf(req: Request): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === QUEUE_CONSOLE_COOKIE) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return undefined;
}

/** Seconds until the token's `exp` (already verified), for the cookie never to outlive it. */
function secondsLeft(token: string, nowMs: number): number {
  try {
    const { exp } = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as { exp?: unknown };
    return typeof exp === 'number' ? Math.floor(exp - nowMs / 1000) : 0;
  } catch {
    return 0;
  }
}

function fail(res: Response, error: unknown): void {
  sendError(res, error instanceof AppError ? error : new ServiceUnavailableError('The queue console cannot answer now'));
}

/**
 * The queue console: bull-board on every queue of the three services (both backends: BullMQ's own
 * Queue objects, which bull-board reads on Redis and on PostgreSQL alike), for the `central` role.
 * A browser gets there with a session cookie that an authenticated POST sets; API clients may send
 * the bearer token on every call instead. See docs/api.md#queue-console.
 */
export function mountQueueConsole(app: Express, options: QueueConsoleOptions): QueueConsole {
  const now = options.now ?? Date.now;
  const queues = new Map<string, Queue>();
  for (const name of options.queues) {
    const queue = options.backend.createQueue(name);
    // Failures reach the console's answers; an unheard 'error' would only be noise.
    queue.on('error', () => undefined);
    queues.set(queue.name, queue);
  }
  const adapters = [...queues.values()].map((queue) => {
    const adapter = new BullMQAdapter(queue, { readOnlyMode: false, allowRetries: true, displayName: queue.name });
    // An event's job names a screening by its event id: its payload stays out of the console.
    if (queue.name === options.backend.queueName('events')) {
      adapter.setFormatter('data', (data: { type?: unknown; occurredOn?: unknown }) => ({ type: data.type, occurredOn: data.occurredOn }));
    }
    return adapter;
  });
  const serverAdapter = new ExpressAdapter();
  serverAdapter.setBasePath(QUEUE_CONSOLE_PATH);
  createBullBoard({
    queues: adapters,
    serverAdapter,
    options: { uiConfig: { boardTitle: 'INPS per tutti', hideDocsLink: true } },
  });
  const board = serverAdapter.getRouter() as Express;
  withoutRemoteAssets(board);

  const authenticate = async (token: string | undefined): Promise<Principal> => {
    if (!token) throw new UnauthorizedError('The queue console needs a central token (Authorization: Bearer, or a console session)');
    const principal = await options.tokens.principalOf(token);
    if (!principal.roles.includes('central')) throw new ForbiddenError('The queue console is for the central directorate only');
    return principal;
  };

  const headers: RequestHandler = (_req, res, next) => {
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('Content-Security-Policy', CONSOLE_CSP);
    next();
  };

  const session: RequestHandler = (req, res) => {
    const token = bearerOf(req);
    authenticate(token)
      .then(() => {
        const maxAge = Math.min(options.sessionSeconds, secondsLeft(token as string, now()));
        if (maxAge <= 0) throw new UnauthorizedError('The access token has expired');
        res.setHeader('Set-Cookie', cookie(encodeURIComponent(token as string), maxAge, options.secureCookie));
        res.status(204).end();
      })
      .catch((error: unknown) => fail(res, error));
  };

  const signOut: RequestHandler = (_req, res) => {
    res.setHeader('Set-Cookie', cookie('', 0, options.secureCookie));
    res.status(204).end();
  };

  const guard: RequestHandler = (req, res, next) => {
    const bearer = bearerOf(req);
    const token = bearer ?? cookieOf(req);
    authenticate(token)
      .then(() => allowedChange(req, bearer !== undefined))
      .then(() => next())
      .catch((error: unknown) => fail(res, error));
  };

  /** A change sent with the cookie must come from the console's own page (SameSite=Strict aside). */
  const sameOrigin = (req: Request, withBearer: boolean): void => {
    const origin = req.headers.origin;
    if (!withBearer && origin !== undefined && origin !== `${req.protocol}://${req.headers.host ?? ''}`) {
      throw new ForbiddenError('The queue console accepts changes from its own page only');
    }
  };

  /**
   * The events monitoring refused, read and sent again through monitoring's central-only API with the
   * caller's own token (monitoring checks it again): the console's browser session reaches them too.
   */
  const refused =
    (upstreamPath: (req: Request) => string, method: 'GET' | 'POST'): RequestHandler =>
    (req, res) => {
      const bearer = bearerOf(req);
      const token = bearer ?? cookieOf(req);
      authenticate(token)
        .then(async () => {
          if (method !== 'GET') sameOrigin(req, bearer !== undefined);
          const answer = await fetch(`${options.monitoringUrl}${upstreamPath(req)}`, {
            method,
            headers: { authorization: `Bearer ${token as string}`, accept: 'application/json' },
            signal: AbortSignal.timeout(10_000),
          });
          res
            .status(answer.status)
            .type('application/json')
            .send(await answer.text());
        })
        .catch((error: unknown) => fail(res, error));
    };

  /** A change comes from the console's own page (or an API client with its token), on a failed job. */
  const allowedChange = async (req: Request, withBearer: boolean): Promise<void> => {
    if (req.method === 'GET' || req.method === 'HEAD') return;
    sameOrigin(req, withBearer);
    const path = req.path;
    const all = ALLOWED_CHANGES[0]?.exec(path);
    const one = ALLOWED_CHANGES[1]?.exec(path);
    if (req.method !== 'PUT' || (!all && !one)) throw new ForbiddenError('The queue console only retries and discards failed jobs');
    if (all) return;
    const queue = queues.get(decodeURIComponent(one?.[1] ?? ''));
    const job = queue ? await queue.getJob(decodeURIComponent(one?.[2] ?? '')) : undefined;
    if (!job) throw new NotFoundError('No such job');
    if ((await job.getState()) !== 'failed') throw new ForbiddenError('Only a failed job can be retried or discarded here');
  };

  app.use(QUEUE_CONSOLE_PATH, headers);
  app.post(`${QUEUE_CONSOLE_PATH}/session`, session);
  app.delete(`${QUEUE_CONSOLE_PATH}/session`, signOut);
  app.get(
    `${QUEUE_CONSOLE_PATH}/refused-events`,
    refused(() => '/api/v1/refused-events', 'GET'),
  );
  app.post(
    `${QUEUE_CONSOLE_PATH}/refused-events/:id/retry`,
    refused((req) => `/api/v1/refused-events/${encodeURIComponent(String(req.params.id))}/retry`, 'POST'),
  );
  app.use(QUEUE_CONSOLE_PATH, guard, board);

  return {
    async close() {
      await Promise.all([...queues.values()].map((q) => q.close().catch(() => undefined)));
    },
  };
}

function cookie(value: string, maxAge: number, secure: boolean): string {
  return [
    `${QUEUE_CONSOLE_COOKIE}=${value}`,
    `Path=${QUEUE_CONSOLE_PATH}`,
    `Max-Age=${maxAge}`,
    'HttpOnly',
    'SameSite=Strict',
    ...(secure ? ['Secure'] : []),
  ].join('; ');
}

/**
 * bull-board's page links a web font from fonts.googleapis.com: a request to another host with the
 * operator's address. The console's policy would block it anyway; the link is taken out of the page
 * so that the browser does not even try (the UI falls back to the system fonts).
 */
function withoutRemoteAssets(board: Express): void {
  const engines = (board as unknown as { engines: Record<string, (path: string, options: object, done: (error: Error | null, html?: string) => void) => void> })
    .engines;
  const render = engines['.ejs'];
  if (!render) throw new Error('bull-board no longer renders its page with ejs: check withoutRemoteAssets');
  board.engine('ejs', (path: string, options: object, done: (error: unknown, html?: string) => void) =>
    render(path, options, (error, html) => done(error, html?.replace(/<link\b[^>]*\bhref="https?:\/\/[^"]*"[^>]*>/gi, ''))),
  );
}

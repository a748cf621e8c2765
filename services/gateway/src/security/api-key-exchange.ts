import { createHash } from 'node:crypto';
import { ServiceUnavailableError } from '@inps/shared';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { sendError } from '../app/gateway.errors';

export interface ApiKeyExchangeOptions {
  /** The agreements service, which issues partner_app tokens for API keys. */
  readonly agreementsUrl: string;
  readonly timeoutMs: number;
  /** Keys remembered at most (least recently stored dropped first). */
  readonly maxEntries?: number;
  readonly now?: () => number;
}

interface Cached {
  readonly authorization: string;
  readonly refreshAt: number;
}

/** The exchange endpoint itself receives the key. */
const EXCHANGE_PATH = '/api/v1/api-keys/token';
/** A token is renewed this long before it expires, so it never lapses on its way to a service. */
const EXPIRY_MARGIN_MS = 60_000;

/**
 * A partner app may send `X-Api-Key` on every call (docs/api.md, "Partner apps"): the gateway trades
 * it at the agreements service for a short-lived partner_app bearer token, remembers the token (under
 * the key's SHA-256, never the key) until shortly before it expires, and forwards only the token. The
 * services never see a key. A refused key answers what the agreements service answered (401
 * INVALID_API_KEY); a request that carries its own Authorization keeps it and loses the key.
 */
export class ApiKeyExchange {
  private readonly cache = new Map<string, Cached>();
  private readonly inFlight = new Map<string, Promise<Cached | { status: number; body: unknown }>>();
  private readonly now: () => number;

  constructor(private readonly options: ApiKeyExchangeOptions) {
    this.now = options.now ?? Date.now;
  }

  middleware(): RequestHandler {
    return (req: Request, res: Response, next: NextFunction) => {
      const key = req.headers['x-api-key'];
      if (key === undefined || (req.originalUrl.split('?')[0] ?? '') === EXCHANGE_PATH) return next();
      delete req.headers['x-api-key'];
      if (typeof key !== 'string' || req.headers.authorization !== undefined) return next();
      this.authorizationFor(key).then(
        (result) => {
          if ('authorization' in result) {
            req.headers.authorization = result.authorization;
            return next();
          }
          res.status(result.status).json(result.body);
        },
        () => sendError(res, new ServiceUnavailableError('API keys cannot be checked right now; try again shortly', undefined, 'UPSTREAM_UNAVAILABLE')),
      );
    };
  }

  private async authorizationFor(key: string): Promise<Cached | { status: number; body: unknown }> {
    const id = createHash('sha256').update(key).digest('base64url');
    const cached = this.cache.get(id);
    if (cached && cached.refreshAt > this.now()) return cached;
    // Concurrent calls with the same key share one exchange.
    let pending = this.inFlight.get(id);
    if (!pending) {
      pending = this.exchange(key).finally(() => this.inFlight.delete(id));
      this.inFlight.set(id, pending);
    }
    const result = await pending;
    if ('authorization' in result) {
      this.cache.delete(id);
      this.cache.set(id, result);
      const max = this.options.maxEntries ?? 10_000;
      while (this.cache.size > max) this.cache.delete(this.cache.keys().next().value as string);
    }
    return result;
  }

  private async exchange(key: string): Promise<Cached | { status: number; body: unknown }> {
    const res = await fetch(`${this.options.agreementsUrl}${EXCHANGE_PATH}`, {
      method: 'POST',
      headers: { 'x-api-key': key, 'content-type': 'application/json' },
      body: '{}',
      signal: AbortSignal.timeout(this.options.timeoutMs),
    });
    const body = (await res.json().catch(() => undefined)) as { accessToken?: unknown; expiresIn?: unknown } | undefined;
    if (res.status === 200 && typeof body?.accessToken === 'string' && typeof body.expiresIn === 'number') {
      const lifetime = body.expiresIn * 1000;
      return { authorization: `Bearer ${body.accessToken}`, refreshAt: this.now() + Math.max(lifetime - EXPIRY_MARGIN_MS, lifetime / 2) };
    }
    if (res.status >= 500 || body === undefined) throw new Error(`exchange answered ${res.status}`);
    return { status: res.status, body };
  }
}

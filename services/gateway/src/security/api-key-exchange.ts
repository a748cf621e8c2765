import { createHash } from 'node:crypto';
import { errorBody, ServiceUnavailableError, UnauthorizedError, type AppError, type ErrorDetail } from '@inps/shared';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { RateLimitedError } from '@inps/shared';
import { isGraphQLRequest, sendErrorBody, sendGraphQLError, sendRefusal } from '../app/gateway.errors';
import type { ApiKeyRevocations } from './api-key-revocations';
import { callerOf } from './caller';

/** Gate on API keys refused by the agreements service, per address (rate-limits.ts). */
export interface InvalidKeyGate {
  /** Undefined when the address may still have a key checked; else seconds until it may. */
  blockedFor(address: string): Promise<number | undefined>;
  /** Counts one refused key against the address. */
  record(address: string): Promise<void>;
}

export interface ApiKeyExchangeOptions {
  /** The agreements service, which issues partner_app tokens for API keys. */
  readonly agreementsUrl: string;
  readonly timeoutMs: number;
  readonly revocations: Pick<ApiKeyRevocations, 'isRevoked'>;
  /** Issuer of partner-app tokens (AUTH_PARTNER_ISSUER): their subject names the key. */
  readonly partnerIssuer: string;
  readonly invalidKeys?: InvalidKeyGate;
  /** Keys remembered at most, good and refused each (least recently stored dropped first). */
  readonly maxEntries?: number;
  readonly now?: () => number;
}

interface Cached {
  readonly authorization: string;
  readonly refreshAt: number;
}

type Refusal = { readonly status: number; readonly body: unknown };

/** The exchange endpoint itself receives the key. */
const EXCHANGE_PATH = '/api/v1/api-keys/token';
/** A token is renewed this long before it expires, so it never lapses on its way to a service. */
const EXPIRY_MARGIN_MS = 60_000;
/** A refused key is answered from memory this long: it cannot become valid (keys are random). */
const REFUSED_FOR_MS = 10 * 60_000;
/** `ipt_<key id, 32 hex>_<secret, 43 base64url>`, as the agreements service issues them. */
const KEY_PATTERN = /^ipt_([0-9a-f]{32})_[A-Za-z0-9_-]{43}$/;
/** Partner-app tokens' subject: `api-key:<key id>`. */
const PARTNER_SUBJECT = /^api-key:([0-9a-f-]{36})$/i;

/** What the agreements service answers for any bad key; the gateway answers the same from memory. */
const INVALID_KEY: Refusal = {
  status: 401,
  body: { error: { code: 'INVALID_API_KEY', message: 'The API key is not valid, expired or revoked' } },
};

const keyHash = (key: string): string => createHash('sha256').update(key).digest('base64url');
const digest = (s: string): string => createHash('sha256').update(s).digest('base64url').slice(0, 22);
const hexToUuid = (hex: string): string => `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
const pathOf = (req: Request): string => req.originalUrl.split('?')[0] ?? '';

/** The key id of a partner-app token, read without verification (the services verify it). */
function partnerKeyIdOf(authorization: string | undefined, partnerIssuer: string): string | undefined {
  const payload = /^Bearer\s+[A-Za-z0-9_-]+\.([A-Za-z0-9_-]+)\.[A-Za-z0-9_-]*\s*$/i.exec(authorization ?? '')?.[1];
  if (!payload) return undefined;
  try {
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { iss?: unknown; sub?: unknown };
    if (claims.iss !== partnerIssuer || typeof claims.sub !== 'string') return undefined;
    return PARTNER_SUBJECT.exec(claims.sub)?.[1]?.toLowerCase();
  } catch {
    return undefined;
  }
}

/**
 * A partner app may send `X-Api-Key` on every call (docs/api.md, "Partner apps"): the gateway trades
 * it at the agreements service for a short-lived partner_app bearer token, remembers the token (under
 * the key's SHA-256, never the key) until shortly before it expires, and forwards only the token. The
 * services never see a key. A request that carries its own Authorization keeps it and loses the key.
 *
 * Revocation (docs/decisions/0011-api-key-revocation.md): every use of a remembered token, and every
 * partner-app bearer token a client sends, is checked against the list of revoked keys, which is
 * never older than API_KEY_REVOCATION_SECONDS; a revoked key is refused at once on every replica.
 *
 * Junk keys: a key that is not of the issued form is refused without asking anybody; a key the
 * agreements service refused is remembered and refused from memory; and an address whose keys have
 * been refused too often (RATE_LIMIT_INVALID_API_KEYS_PER_MINUTE) gets 429 for any key the gateway
 * does not already know, before the agreements service is asked.
 */
export class ApiKeyExchange {
  private readonly cache = new Map<string, Cached>();
  private readonly refused = new Map<string, number>();
  private readonly inFlight = new Map<string, Promise<Cached | Refusal>>();
  private readonly now: () => number;

  constructor(private readonly options: ApiKeyExchangeOptions) {
    this.now = options.now ?? Date.now;
  }

  /** The rate-limit bucket of a key the gateway holds a token for; undefined for any other key. */
  knownBucket(key: string): string | undefined {
    const cached = this.cache.get(keyHash(key));
    if (!cached || cached.refreshAt <= this.now()) return undefined;
    const id = KEY_PATTERN.exec(key)?.[1];
    return id ? `k:${digest(id)}` : undefined;
  }

  middleware(): RequestHandler {
    return (req: Request, res: Response, next: NextFunction) => {
      const refuse = (refusal: Refusal | AppError): void => {
        if ('body' in refusal) return this.sendKeyRefusal(req, res, refusal);
        sendRefusal(req, res, refusal);
      };
      const unavailable = (): void =>
        refuse(new ServiceUnavailableError('API keys cannot be checked right now; try again shortly', undefined, 'UPSTREAM_UNAVAILABLE'));
      if (pathOf(req) === EXCHANGE_PATH) {
        this.exchangeEndpoint(req, res).then((refusal) => (refusal ? refuse(refusal) : next()), unavailable);
        return;
      }
      const key = req.headers['x-api-key'];
      delete req.headers['x-api-key'];
      const authorization = req.headers.authorization;
      const work: Promise<Refusal | AppError | undefined> =
        authorization !== undefined
          ? this.checkPartnerToken(authorization)
          : typeof key === 'string'
            ? this.authorizationFor(key, callerOf(req)?.address).then((result) => {
                if ('authorization' in result) {
                  req.headers.authorization = result.authorization;
                  return undefined;
                }
                return result;
              })
            : Promise.resolve(undefined);
      work.then((refusal) => (refusal ? refuse(refusal) : next()), unavailable);
    };
  }

  /** A partner-app token whose key has been revoked is refused here: the services cannot know. */
  private async checkPartnerToken(authorization: string): Promise<AppError | undefined> {
    const keyId = partnerKeyIdOf(authorization, this.options.partnerIssuer);
    if (keyId === undefined || !(await this.options.revocations.isRevoked(keyId))) return undefined;
    return new UnauthorizedError('The API key this token was issued for has been revoked');
  }

  /**
   * The exchange endpoint gets the key itself (header or body), and the agreements service answers;
   * the gateway refuses before that what it already knows is bad, and counts what is refused.
   */
  private async exchangeEndpoint(req: Request, res: Response): Promise<Refusal | AppError | undefined> {
    const key = req.headers['x-api-key'];
    const address = callerOf(req)?.address;
    if (typeof key === 'string' && (!KEY_PATTERN.test(key.trim()) || this.isRefused(keyHash(key)))) return INVALID_KEY;
    const blocked = address !== undefined ? await this.options.invalidKeys?.blockedFor(address) : undefined;
    if (blocked !== undefined) return tooManyInvalidKeys(blocked);
    res.once('finish', () => {
      if (res.statusCode !== 401) return;
      if (typeof key === 'string') this.rememberRefused(keyHash(key));
      if (address !== undefined) this.options.invalidKeys?.record(address).catch(() => undefined);
    });
    return undefined;
  }

  private async authorizationFor(rawKey: string, address: string | undefined): Promise<Cached | Refusal | AppError> {
    const key = rawKey.trim();
    const keyId = KEY_PATTERN.exec(key)?.[1];
    if (!keyId) return INVALID_KEY;
    const id = keyHash(key);
    if (this.isRefused(id)) return INVALID_KEY;
    const cached = this.cache.get(id);
    if (cached && cached.refreshAt > this.now()) {
      if (!(await this.options.revocations.isRevoked(hexToUuid(keyId)))) return cached;
      this.cache.delete(id);
      this.rememberRefused(id);
      return INVALID_KEY;
    }
    // A key this gateway has never seen accepted costs a call to the agreements service.
    if (!cached && address !== undefined) {
      const blocked = await this.options.invalidKeys?.blockedFor(address);
      if (blocked !== undefined) return tooManyInvalidKeys(blocked);
    }
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
      this.trim(this.cache);
    } else if (result.status === 401) {
      this.cache.delete(id);
      this.rememberRefused(id);
      if (address !== undefined) await this.options.invalidKeys?.record(address).catch(() => undefined);
    }
    return result;
  }

  private isRefused(id: string): boolean {
    const until = this.refused.get(id);
    if (until === undefined) return false;
    if (until > this.now()) return true;
    this.refused.delete(id);
    return false;
  }

  private rememberRefused(id: string): void {
    this.refused.delete(id);
    this.refused.set(id, this.now() + REFUSED_FOR_MS);
    this.trim(this.refused);
  }

  private trim(map: Map<string, unknown>): void {
    const max = this.options.maxEntries ?? 10_000;
    while (map.size > max) map.delete(map.keys().next().value as string);
  }

  private sendKeyRefusal(req: Request, res: Response, refusal: Refusal): void {
    if (res.headersSent) return void res.destroy();
    if (refusal.status === 401) res.setHeader('WWW-Authenticate', 'Bearer');
    const error = (refusal.body as { error?: { code?: unknown; message?: unknown; developerMessage?: unknown; details?: unknown } } | undefined)?.error;
    if (typeof error?.code !== 'string') return void res.status(refusal.status).json(refusal.body);
    // The agreements service answered the gateway, not the client: the words are chosen again, in the client's language.
    const developerMessage = String(error.developerMessage ?? error.message ?? 'The API key was refused');
    const details = Array.isArray(error.details) ? (error.details as ErrorDetail[]) : undefined;
    if (isGraphQLRequest(req))
      return sendGraphQLError(res, refusal.status, error.code, developerMessage, { status: refusal.status, ...(details ? { details } : {}) });
    sendErrorBody(res, refusal.status, errorBody(error.code, developerMessage, details));
  }

  private async exchange(key: string): Promise<Cached | Refusal> {
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

function tooManyInvalidKeys(retryAfterSeconds: number): RateLimitedError {
  return new RateLimitedError(retryAfterSeconds, `Too many refused API keys from this address: retry in ${retryAfterSeconds} s`);
}

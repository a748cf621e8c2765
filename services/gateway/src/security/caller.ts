import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { ApiKeyExchange } from './api-key-exchange';
import type { IpHasher } from './ip-hasher';
import type { TokenCheck } from './token-check';

/** Who a request is counted against, worked out once per request before the rate limits. */
export interface Caller {
  /**
   * The rate-limit bucket: `s:` (a verified token's issuer and subject) or `k:` (an API key the
   * gateway has traded for a token) for an identified client; else the address's bucket.
   */
  readonly bucket: string;
  readonly identified: boolean;
  /** The address's bucket (`ip:` and an HMAC of the address), whatever the credential. */
  readonly address: string;
}

const callers = new WeakMap<Request, Caller>();

export function callerOf(req: Request): Caller | undefined {
  return callers.get(req);
}

export interface CallerIdentificationOptions {
  readonly ips: IpHasher;
  readonly apiKeys: ApiKeyExchange;
  /** Absent when nothing is rate-limited: then no token is checked. */
  readonly tokens?: TokenCheck;
}

function bearerOf(req: Request): string | undefined {
  const auth = req.headers.authorization;
  if (typeof auth !== 'string') return undefined;
  return /^Bearer\s+([A-Za-z0-9._~+/-]+=*)\s*$/i.exec(auth)?.[1];
}

/**
 * Only a credential the gateway can vouch for opens a bucket of its own: a token that verifies, or
 * an API key the agreements service has accepted (and that is in the gateway's cache). Anything
 * else (no credential, a random key, a forged or expired token) is counted against the caller's
 * address, so that making up credentials is no way round the address's limit.
 */
export function identifyCallers(options: CallerIdentificationOptions): RequestHandler {
  return (req: Request, _res: Response, next: NextFunction) => {
    const address = `ip:${options.ips.hash(req.ip ?? req.socket.remoteAddress ?? 'unknown')}`;
    const settle = (bucket: string | undefined): void => {
      callers.set(req, { bucket: bucket ?? address, identified: bucket !== undefined, address });
      next();
    };
    const token = bearerOf(req);
    if (req.headers.authorization !== undefined) {
      if (!token || !options.tokens) return settle(undefined);
      options.tokens.bucketOf(token).then(settle, () => settle(undefined));
      return;
    }
    const key = req.headers['x-api-key'];
    settle(typeof key === 'string' && key !== '' ? options.apiKeys.knownBucket(key) : undefined);
  };
}

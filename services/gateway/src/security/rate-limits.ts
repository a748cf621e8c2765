import { Redis } from 'ioredis';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { RateLimitedError, sendError } from '../app/gateway.errors';
import { clientKeyOf } from './client-key';
import { IpHasher } from './ip-hasher';

export interface RateLimitOptions {
  readonly redisUrl?: string;
  readonly perMinute: number;
  readonly anonymousPerMinute: number;
  readonly screeningPerMinute: number;
  /** Keys in Redis start with this (tests give each run its own). */
  readonly keyPrefix?: string;
}

/** Costly anonymous entry points: each runs the screening engine (docs/architecture.md §4). */
const SCREENING_ENTRY = /^\/api\/v1\/screenings(\/evaluate)?\/?$/;

/**
 * Per-client and per-address limits, in Redis when REDIS_URL is set (shared by every gateway
 * instance), else in memory. When Redis fails, an in-memory limiter takes over ("insurance"), so a
 * Redis outage neither blocks nor unlimits the API.
 */
export class RateLimits {
  private readonly redis?: Redis;
  private readonly client: RateLimiterAbstract;
  private readonly anonymous: RateLimiterAbstract;
  private readonly screening: RateLimiterAbstract;
  private readonly ips = new IpHasher();

  constructor(options: RateLimitOptions) {
    const prefix = options.keyPrefix ?? 'gateway-rl';
    if (options.redisUrl) {
      // Fail fast: a request never waits on a Redis that is down (the insurance limiter answers).
      this.redis = new Redis(options.redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 1, lazyConnect: false });
      this.redis.on('error', () => undefined);
    }
    const make = (name: string, points: number): RateLimiterAbstract => {
      const memory = new RateLimiterMemory({ keyPrefix: `${prefix}:${name}`, points, duration: 60 });
      return this.redis
        ? new RateLimiterRedis({ storeClient: this.redis, keyPrefix: `${prefix}:${name}`, points, duration: 60, insuranceLimiter: memory })
        : memory;
    };
    this.client = make('client', options.perMinute);
    this.anonymous = make('anon', options.anonymousPerMinute);
    this.screening = make('screening', options.screeningPerMinute);
  }

  /** Express middleware; answers 429 RATE_LIMITED with Retry-After. */
  middleware(): RequestHandler {
    return (req: Request, res: Response, next: NextFunction) => {
      this.consume(req).then(
        (refusal) => (refusal ? sendError(res, refusal) : next()),
        // A limiter that cannot answer at all lets the request through rather than taking the API down.
        () => next(),
      );
    };
  }

  private async consume(req: Request): Promise<RateLimitedError | undefined> {
    const client = clientKeyOf(req);
    const key = client ?? `ip:${this.ips.hash(req.ip ?? req.socket.remoteAddress ?? 'unknown')}`;
    const checks: [RateLimiterAbstract, string][] = [[client ? this.client : this.anonymous, key]];
    if (req.method === 'POST' && SCREENING_ENTRY.test(req.originalUrl.split('?')[0] ?? '')) checks.push([this.screening, key]);
    for (const [limiter, k] of checks) {
      try {
        await limiter.consume(k);
      } catch (rejection) {
        if (rejection instanceof RateLimiterRes) {
          const seconds = Math.max(1, Math.ceil(rejection.msBeforeNext / 1000));
          return new RateLimitedError(seconds, `Too many requests: retry in ${seconds} s`);
        }
        throw rejection;
      }
    }
    return undefined;
  }

  /**
   * Waits (at most `timeoutMs`) for Redis, so the first requests are not counted by the in-memory
   * insurance limiter and then again from zero in Redis. Starts anyway if Redis is down.
   */
  async ready(timeoutMs = 2_000): Promise<void> {
    const redis = this.redis;
    if (!redis || redis.status === 'ready') return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, timeoutMs);
      redis.once('ready', () => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  async close(): Promise<void> {
    if (this.redis) await this.redis.quit().catch(() => this.redis?.disconnect());
  }
}

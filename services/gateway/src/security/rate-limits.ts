import { Redis } from 'ioredis';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { RateLimitedError } from '@inps/shared';
import { sendRefusal } from '../app/gateway.errors';
import type { InvalidKeyGate } from './api-key-exchange';
import { callerOf } from './caller';
import { graphqlOperationClass, OPERATION_CLASSES, restOperationClass, type OperationClass } from './operation-classes';

export interface RateLimitOptions {
  readonly redisUrl?: string;
  readonly perMinute: number;
  readonly anonymousPerMinute: number;
  readonly screeningPerMinute: number;
  readonly resumeCodePerMinute: number;
  readonly invalidApiKeysPerMinute: number;
  /** Keys in Redis start with this (tests give each run its own). */
  readonly keyPrefix?: string;
}

interface Charge {
  readonly limiter: RateLimiterAbstract;
  readonly points: number;
  /** What the refusal names: the root fields (GraphQL) or nothing (REST, the route says it). */
  readonly fields: readonly string[];
  readonly perMinute: number;
}

/** A refusal names at most this many fields. */
const NAMED_FIELDS = 5;

/**
 * Per-caller limits, in Redis when REDIS_URL is set (shared by every gateway instance), else in
 * memory. When Redis fails, an in-memory limiter takes over ("insurance"), so a Redis outage neither
 * blocks nor unlimits the API.
 *
 * What is counted is operations, the same on both APIs: a REST request is one; a GraphQL request is
 * one per root field of each operation it carries (aliases and batches included), charged once the
 * guard has read the document (`chargeGraphQL`). Each operation counts against the caller's bucket
 * (caller.ts: a verified client's own, else its address's), and an operation of a limited class
 * (operation-classes.ts) also against that class's bucket, whichever API it came through.
 */
export class RateLimits implements InvalidKeyGate {
  private readonly redis?: Redis;
  private readonly client: RateLimiterAbstract;
  private readonly anonymous: RateLimiterAbstract;
  private readonly classes: Readonly<Record<OperationClass, { limiter: RateLimiterAbstract; perMinute: number }>>;
  private readonly invalidKeys: RateLimiterAbstract;

  constructor(private readonly options: RateLimitOptions) {
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
    const perMinute: Record<OperationClass, number> = { screening: options.screeningPerMinute, 'resume-code': options.resumeCodePerMinute };
    this.classes = Object.fromEntries(OPERATION_CLASSES.map((c) => [c, { limiter: make(c, perMinute[c]), perMinute: perMinute[c] }])) as Record<
      OperationClass,
      { limiter: RateLimiterAbstract; perMinute: number }
    >;
    this.invalidKeys = make('invalid-key', options.invalidApiKeysPerMinute);
  }

  /**
   * Express middleware for /api and /graphql: one operation for the request (a REST request is one;
   * GraphQL's other root fields are charged by `chargeGraphQL`). Answers 429 RATE_LIMITED with
   * Retry-After, in the shape of the API asked.
   */
  middleware(): RequestHandler {
    return (req: Request, res: Response, next: NextFunction) => {
      const charges = [this.general(req, 1, [])];
      const operation = restOperationClass(req.method, req.originalUrl.split('?')[0] ?? '');
      if (operation) charges.push(this.classCharge(operation, 1, []));
      this.consume(this.bucketOf(req), charges).then(
        (refusal) => (refusal ? sendRefusal(req, res, refusal) : next()),
        // A limiter that cannot answer at all lets the request through rather than taking the API down.
        () => next(),
      );
    };
  }

  /**
   * The rest of a GraphQL request's operations: every root field of every operation beyond the one
   * the middleware counted, and each against its class's bucket. Undefined when within the limits.
   */
  async chargeGraphQL(req: Request, rootFields: readonly string[]): Promise<RateLimitedError | undefined> {
    const charges: Charge[] = [];
    if (rootFields.length > 1) charges.push(this.general(req, rootFields.length - 1, rootFields));
    const byClass = new Map<OperationClass, string[]>();
    for (const field of rootFields) {
      const operation = graphqlOperationClass(field);
      if (operation) byClass.set(operation, [...(byClass.get(operation) ?? []), field]);
    }
    for (const [operation, fields] of byClass) charges.push(this.classCharge(operation, fields.length, fields));
    try {
      return await this.consume(this.bucketOf(req), charges);
    } catch {
      return undefined;
    }
  }

  async blockedFor(address: string): Promise<number | undefined> {
    try {
      const state = await this.invalidKeys.get(address);
      if (!state || state.consumedPoints < this.options.invalidApiKeysPerMinute) return undefined;
      return Math.max(1, Math.ceil(state.msBeforeNext / 1000));
    } catch {
      return undefined;
    }
  }

  async record(address: string): Promise<void> {
    await this.invalidKeys.penalty(address, 1);
  }

  private bucketOf(req: Request): string {
    // identifyCallers runs first on every limited path; this is only a guard.
    return callerOf(req)?.bucket ?? 'ip:unidentified';
  }

  private general(req: Request, points: number, fields: readonly string[]): Charge {
    const identified = callerOf(req)?.identified === true;
    return {
      limiter: identified ? this.client : this.anonymous,
      points,
      fields,
      perMinute: identified ? this.options.perMinute : this.options.anonymousPerMinute,
    };
  }

  private classCharge(operation: OperationClass, points: number, fields: readonly string[]): Charge {
    return { ...this.classes[operation], points, fields };
  }

  private async consume(key: string, charges: readonly Charge[]): Promise<RateLimitedError | undefined> {
    for (const charge of charges) {
      try {
        await charge.limiter.consume(key, charge.points);
      } catch (rejection) {
        if (!(rejection instanceof RateLimiterRes)) throw rejection;
        const seconds = Math.max(1, Math.ceil(rejection.msBeforeNext / 1000));
        const named = [...new Set(charge.fields)];
        const what =
          named.length > 0
            ? `Too many requests for ${named.slice(0, NAMED_FIELDS).join(', ')}${named.length > NAMED_FIELDS ? ', …' : ''} (at most ${charge.perMinute} a minute)`
            : 'Too many requests';
        return new RateLimitedError(
          seconds,
          `${what}: retry in ${seconds} s`,
          named.map((field) => ({ field, issue: `over the limit of ${charge.perMinute} a minute` })),
        );
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

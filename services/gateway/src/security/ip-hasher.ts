import { createHmac, createSecretKey, randomBytes, type KeyObject } from 'node:crypto';

/**
 * Anonymous callers are limited per address, but an address is personal data: it is keyed by an
 * HMAC with a secret replaced every day (UTC), and the address itself is never stored (Redis sees
 * only the digest, in limiter keys that expire within minutes).
 *
 * Without a key the day's secret is drawn at random and held only in this process's memory, so
 * yesterday's digests cannot be recomputed by anyone; but then every gateway has its own, and an
 * address gets each gateway's limit (per replica, as `test/scale` shows). With a key
 * (RATE_LIMIT_ADDRESS_KEY, from the secret manager, never in Redis) every gateway derives the same
 * day's secret from it, so an address meets one limit across replicas; someone holding the key and a
 * digest could test addresses against it, which is why it is kept apart from Redis.
 */
export class IpHasher {
  /** The day's secret as a key object: made once a day, not per request (making it showed in profiles). */
  private secret!: KeyObject;
  /** The UTC day the secret belongs to, as milliseconds [from, to). */
  private dayFrom = 0;
  private dayTo = 0;

  constructor(
    private readonly key?: string,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.rollTo(this.now().getTime());
  }

  hash(ip: string): string {
    const t = this.now().getTime();
    if (t >= this.dayTo || t < this.dayFrom) this.rollTo(t);
    return createHmac('sha256', this.secret).update(ip).digest('base64url').slice(0, 22);
  }

  private rollTo(t: number): void {
    this.dayFrom = t - (t % DAY_MS);
    this.dayTo = this.dayFrom + DAY_MS;
    const day = new Date(this.dayFrom).toISOString().slice(0, 10);
    this.secret = createSecretKey(this.key === undefined ? randomBytes(32) : createHmac('sha256', this.key).update(`gateway-address-limit:${day}`).digest());
  }
}

const DAY_MS = 86_400_000;

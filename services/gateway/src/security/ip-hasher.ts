import { createHmac, randomBytes } from 'node:crypto';

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
  private secret: Buffer;
  private day: string;

  constructor(
    private readonly key?: string,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.day = this.today();
    this.secret = this.secretOf(this.day);
  }

  hash(ip: string): string {
    const today = this.today();
    if (today !== this.day) {
      this.secret = this.secretOf(today);
      this.day = today;
    }
    return createHmac('sha256', this.secret).update(ip).digest('base64url').slice(0, 22);
  }

  private secretOf(day: string): Buffer {
    return this.key === undefined ? randomBytes(32) : createHmac('sha256', this.key).update(`gateway-address-limit:${day}`).digest();
  }

  private today(): string {
    return this.now().toISOString().slice(0, 10);
  }
}

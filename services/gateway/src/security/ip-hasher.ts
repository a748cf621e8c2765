import { createHmac, randomBytes } from 'node:crypto';

/**
 * Anonymous callers are limited per address, but an address is personal data: it is keyed by an
 * HMAC with a secret drawn at random, held only in this process's memory and replaced every day
 * (UTC). Yesterday's keys cannot be recomputed by anyone, and the address itself is never stored
 * (Redis sees only the digest).
 */
export class IpHasher {
  private secret = randomBytes(32);
  private day: string;

  constructor(private readonly now: () => Date = () => new Date()) {
    this.day = this.today();
  }

  hash(ip: string): string {
    const today = this.today();
    if (today !== this.day) {
      this.secret = randomBytes(32);
      this.day = today;
    }
    return createHmac('sha256', this.secret).update(ip).digest('base64url').slice(0, 22);
  }

  private today(): string {
    return this.now().toISOString().slice(0, 10);
  }
}

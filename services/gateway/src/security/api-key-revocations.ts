/** Where the agreements service lists the keys revoked within a token lifetime (not routed by the gateway). */
const REVOCATIONS_PATH = '/internal/api-keys/revoked';

export interface ApiKeyRevocationsOptions {
  readonly agreementsUrl: string;
  /** API_KEY_REVOCATION_SECONDS in ms: the list is never used older than this. */
  readonly boundMs: number;
  readonly timeoutMs: number;
  readonly now?: () => number;
}

/**
 * The API keys revoked recently enough that a token traded for them may still be valid, as the
 * agreements service (which owns keys) lists them. Every gateway replica asks for itself, so a
 * revocation reaches all of them within `boundMs` without anything shared between them:
 *
 * - the list is used only while it is younger than the bound (its age counts from when it was asked
 *   for, so a revocation committed before that is in it);
 * - past half the bound a request still uses it and a refresh starts in the background, so under
 *   steady traffic nobody waits; past the bound the request waits for a fresh list;
 * - when no fresh list can be had (the agreements service is down), `isRevoked` throws, and the
 *   gateway refuses API keys and partner-app tokens (503) rather than accept a key that may be
 *   revoked. People's tokens are not concerned.
 *
 * Nothing is asked while no partner app calls. One small request per replica per half bound at
 * most, whatever the traffic; each check is a lookup in memory.
 */
export class ApiKeyRevocations {
  private revoked: ReadonlySet<string> = new Set();
  private askedAt = Number.NEGATIVE_INFINITY;
  private pending?: Promise<void>;
  private readonly now: () => number;

  constructor(private readonly options: ApiKeyRevocationsOptions) {
    this.now = options.now ?? Date.now;
  }

  /** Whether the key (its id, a UUID) is revoked, per a list younger than the bound. */
  async isRevoked(keyId: string): Promise<boolean> {
    const arrived = this.now();
    // A refresh already under way may have been asked for too early for this request: then one more.
    while (this.askedAt < arrived - this.options.boundMs) await this.refresh();
    if (this.askedAt < arrived - this.options.boundMs / 2) this.refresh().catch(() => undefined);
    return this.revoked.has(keyId.toLowerCase());
  }

  private refresh(): Promise<void> {
    this.pending ??= this.fetchList().finally(() => {
      this.pending = undefined;
    });
    return this.pending;
  }

  private async fetchList(): Promise<void> {
    const askedAt = this.now();
    const res = await fetch(`${this.options.agreementsUrl}${REVOCATIONS_PATH}`, {
      headers: { accept: 'application/json' },
      signal: AbortSignal.timeout(this.options.timeoutMs),
    });
    const body = (await res.json().catch(() => undefined)) as { keyIds?: unknown } | undefined;
    if (!res.ok || !Array.isArray(body?.keyIds)) throw new Error(`revoked API keys: the agreements service answered ${res.status}`);
    this.revoked = new Set(body.keyIds.filter((id): id is string => typeof id === 'string').map((id) => id.toLowerCase()));
    this.askedAt = Math.max(this.askedAt, askedAt);
  }
}

import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { ServiceUnavailableError, TokenVerifier, type AuthSettings, type Principal } from '@inps/shared';
import type { JWK } from 'jose';

export interface TokenCheckOptions {
  /** Tokens remembered at most (oldest dropped first). */
  readonly maxEntries?: number;
  /** A check that takes longer (the identity provider's keys being fetched) counts as failed. */
  readonly waitMs?: number;
  readonly now?: () => number;
}

interface Checked {
  /** The bucket of a verified token; undefined for a token that failed verification. */
  readonly bucket?: string;
  readonly until: number;
}

const digest = (s: string): string => createHash('sha256').update(s).digest('base64url').slice(0, 22);

/** A refused token is remembered this long, so that repeating it costs no signature check. */
const REFUSED_FOR_MS = 60_000;
/** A verified token is checked again at least this often, even if it lives longer. */
const VERIFIED_FOR_MS = 10 * 60_000;
/** Dev mode: how often the key file is looked for while it does not exist yet. */
const KEY_FILE_RETRY_MS = 5_000;

/**
 * Checks bearer tokens the way every service does (libs/shared's TokenVerifier: signature, issuer,
 * audience, expiry), only to choose a rate-limit bucket: a verified token is counted under its
 * issuer and subject, anything else under the caller's address, so that a token with a made-up
 * subject cannot open a bucket of its own. Trust stays with the services, which verify again; a
 * mistake here only moves a caller to its address's bucket.
 *
 * Results are remembered under the token's SHA-256 (never the token) until it expires, so the
 * signature is checked once per token, not once per request. In dev mode without
 * AUTH_DEV_PUBLIC_JWK the key file under DATA_DIR is read but never created: that is the services'
 * job, and a gateway started first simply checks nothing until it appears.
 */
export class TokenCheck {
  private readonly cache = new Map<string, Checked>();
  private verifier?: Promise<TokenVerifier | undefined>;
  private retryAt = 0;
  private readonly now: () => number;

  constructor(
    private readonly settings: AuthSettings,
    private readonly options: TokenCheckOptions = {},
  ) {
    this.now = options.now ?? Date.now;
  }

  /** `s:<digest of issuer and subject>` for a token that verifies, else undefined. */
  async bucketOf(token: string): Promise<string | undefined> {
    const id = createHash('sha256').update(token).digest('base64url');
    const now = this.now();
    const known = this.cache.get(id);
    if (known && known.until > now) return known.bucket;
    const verifier = await this.verifierNow();
    if (!verifier) return undefined;
    let outcome: 'verified' | 'refused' | 'unknown';
    try {
      outcome = await this.withinWait(verifier.verify(token).then(() => 'verified' as const));
    } catch (error) {
      // UnauthorizedError: the token is bad. Anything else (keys unreachable, too slow) says
      // nothing about the token: do not remember it.
      outcome = error instanceof Error && (error as { status?: number }).status === 401 ? 'refused' : 'unknown';
    }
    if (outcome === 'unknown') return undefined;
    const claims = outcome === 'verified' ? claimsOf(token) : undefined;
    const checked: Checked =
      claims !== undefined
        ? { bucket: `s:${digest(`${claims.iss}\n${claims.sub}`)}`, until: Math.min(claims.exp * 1000, now + VERIFIED_FOR_MS) }
        : { until: now + REFUSED_FOR_MS };
    this.remember(id, checked);
    return checked.bucket;
  }

  /**
   * The verified caller, for the gateway's own pages (the queue console): every call checks the
   * signature, since what is asked of it is access, not a bucket. Throws UnauthorizedError for a
   * bad token, ServiceUnavailableError when it cannot be checked (no key yet, keys unreachable).
   */
  async principalOf(token: string): Promise<Principal> {
    const verifier = await this.verifierNow();
    if (!verifier) throw new ServiceUnavailableError('Tokens cannot be checked yet');
    return verifier.verify(token);
  }

  private remember(id: string, checked: Checked): void {
    this.cache.delete(id);
    this.cache.set(id, checked);
    const max = this.options.maxEntries ?? 10_000;
    while (this.cache.size > max) this.cache.delete(this.cache.keys().next().value as string);
  }

  private withinWait<T>(work: Promise<T>): Promise<T> {
    const waitMs = this.options.waitMs ?? 1_000;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('token check took too long')), waitMs);
    });
    return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
  }

  private verifierNow(): Promise<TokenVerifier | undefined> {
    if (this.verifier === undefined && this.now() >= this.retryAt) {
      this.verifier = this.createVerifier()
        .catch(() => undefined)
        .then((v) => {
          if (!v) {
            this.verifier = undefined;
            this.retryAt = this.now() + KEY_FILE_RETRY_MS;
          }
          return v;
        });
    }
    return this.verifier ?? Promise.resolve(undefined);
  }

  private async createVerifier(): Promise<TokenVerifier | undefined> {
    if (this.settings.mode === 'dev' && this.settings.devPublicJwk === undefined) {
      const publicJwk = await readDevPublicKey(this.settings.devKeyFile);
      if (!publicJwk) return undefined;
      return TokenVerifier.create({ ...this.settings, devPublicJwk: publicJwk });
    }
    return TokenVerifier.create(this.settings);
  }
}

async function readDevPublicKey(file: string): Promise<JWK | undefined> {
  try {
    const parsed = JSON.parse(await readFile(file, 'utf8')) as { publicJwk?: unknown };
    return typeof parsed.publicJwk === 'object' && parsed.publicJwk !== null ? (parsed.publicJwk as JWK) : undefined;
  } catch {
    return undefined;
  }
}

/** The claims of a token already verified: read without a second check. */
function claimsOf(token: string): { iss: string; sub: string; exp: number } | undefined {
  try {
    const payload = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as { iss?: unknown; sub?: unknown; exp?: unknown };
    if (typeof payload.sub !== 'string' || typeof payload.exp !== 'number') return undefined;
    return { iss: String(payload.iss ?? ''), sub: payload.sub, exp: payload.exp };
  } catch {
    return undefined;
  }
}

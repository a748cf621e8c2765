import type { AuthSettings } from './auth.settings';
import { DEV_ALGORITHM } from './auth.settings';
import { loadOrCreateDevSigningKey, type DevSigningKey } from './dev-signing-key';
import { loadJose } from './jose.loader';
import { setClaim } from './principal';
import type { Role } from '@inps/kernel';

export interface DevTokenClaims {
  readonly sub: string;
  readonly roles: readonly Role[];
  readonly org?: string;
  readonly territories?: readonly string[];
  /** Anything else to put in the payload (tests). */
  readonly extra?: Readonly<Record<string, unknown>>;
}

export interface DevTokenOptions {
  /** Seconds or a jose time span (`'1h'`); default 1 hour. */
  readonly expiresIn?: number | string;
  readonly issuedAt?: Date;
  /** Overrides, for tests of refused tokens. */
  readonly issuer?: string;
  readonly audience?: string;
}

/**
 * Signs development tokens shaped like Keycloak's (roles under `realm_access.roles` and `roles`),
 * using the claim names the verifier is configured with. For local stacks and tests only: dev mode
 * is refused in production.
 */
export class DevTokenIssuer {
  constructor(
    private readonly key: DevSigningKey,
    private readonly settings: Pick<AuthSettings, 'issuer' | 'audience' | 'claims'>,
  ) {}

  /** The issuer for a local stack, sharing the key file the services verify with. */
  static async fromSettings(settings: AuthSettings): Promise<DevTokenIssuer> {
    return new DevTokenIssuer(await loadOrCreateDevSigningKey(settings.devKeyFile), settings);
  }

  get publicJwk(): DevSigningKey['publicJwk'] {
    return this.key.publicJwk;
  }

  async issue(claims: DevTokenClaims, options: DevTokenOptions = {}): Promise<string> {
    const jose = await loadJose();
    const payload: Record<string, unknown> = { ...(claims.extra ?? {}) };
    for (const path of new Set(['roles', 'realm_access.roles', ...this.settings.claims.roles])) setClaim(payload, path, [...claims.roles]);
    if (claims.org !== undefined) setClaim(payload, this.settings.claims.organisation, claims.org);
    if (claims.territories !== undefined) setClaim(payload, this.settings.claims.territories, [...claims.territories]);
    const issuedAt = Math.floor((options.issuedAt ?? new Date()).getTime() / 1000);
    const expiresIn = options.expiresIn ?? 3600;
    const privateKey = await jose.importJWK(this.key.privateJwk, DEV_ALGORITHM);
    return new jose.SignJWT(payload)
      .setProtectedHeader({ alg: DEV_ALGORITHM, kid: this.key.kid, typ: 'JWT' })
      .setSubject(claims.sub)
      .setIssuer(options.issuer ?? this.settings.issuer)
      .setAudience(options.audience ?? this.settings.audience)
      .setIssuedAt(issuedAt)
      .setExpirationTime(typeof expiresIn === 'number' ? issuedAt + expiresIn : expiresIn)
      .sign(privateKey);
  }
}

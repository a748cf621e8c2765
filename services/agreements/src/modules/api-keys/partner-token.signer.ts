import { Inject, Injectable } from '@nestjs/common';
import type { JWK } from 'jose';
import { APP_CONFIG, authSettingsFromConfig, loadJose, loadOrCreateDevSigningKey, ServiceUnavailableError, setClaim } from '@inps/shared';
import type { AgreementsConfig } from '../../agreements.config';

export interface PartnerTokenClaims {
  readonly keyId: string;
  readonly organisationId: string;
}

/**
 * Signs the short-lived tokens partner apps trade their API keys for, under the partner issuer that
 * every service trusts for the `partner_app` role only. The other services never see an API key.
 */
@Injectable()
export class PartnerTokenSigner {
  private key?: Promise<JWK | undefined>;

  constructor(@Inject(APP_CONFIG) private readonly config: AgreementsConfig) {}

  get ttlSeconds(): number {
    return this.config.PARTNER_TOKEN_TTL_SECONDS;
  }

  async sign(claims: PartnerTokenClaims, now: Date): Promise<string> {
    const key = await this.signingKey();
    if (!key) throw new ServiceUnavailableError('API keys cannot be exchanged: PARTNER_TOKEN_SIGNING_JWK is not configured', undefined, 'API_KEYS_DISABLED');
    const jose = await loadJose();
    const settings = authSettingsFromConfig(this.config);
    const payload: Record<string, unknown> = {};
    for (const path of new Set(['roles', ...settings.claims.roles])) setClaim(payload, path, ['partner_app']);
    setClaim(payload, settings.claims.organisation, claims.organisationId);
    const issuedAt = Math.floor(now.getTime() / 1000);
    const alg = key.alg ?? 'ES256';
    return new jose.SignJWT(payload)
      .setProtectedHeader({ alg, kid: key.kid, typ: 'JWT' })
      .setSubject(`api-key:${claims.keyId}`)
      .setIssuer(settings.partnerIssuer)
      .setAudience(settings.audience)
      .setIssuedAt(issuedAt)
      .setExpirationTime(issuedAt + this.ttlSeconds)
      .sign(await jose.importJWK(key, alg));
  }

  /** The public half, for /.well-known/partner-jwks.json. */
  async publicKeys(): Promise<{ keys: JWK[] }> {
    const key = await this.signingKey();
    if (!key) return { keys: [] };
    const { d: _d, p: _p, q: _q, dp: _dp, dq: _dq, qi: _qi, ...publicHalf } = key;
    return { keys: [{ ...publicHalf, use: 'sig' }] };
  }

  private signingKey(): Promise<JWK | undefined> {
    this.key ??= (async () => {
      if (this.config.PARTNER_TOKEN_SIGNING_JWK) return this.config.PARTNER_TOKEN_SIGNING_JWK as JWK;
      if (this.config.AUTH_MODE !== 'dev') return undefined;
      return (await loadOrCreateDevSigningKey(authSettingsFromConfig(this.config).devKeyFile)).privateJwk;
    })();
    return this.key;
  }
}

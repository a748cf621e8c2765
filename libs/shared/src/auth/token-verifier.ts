import type { JWK, JWTVerifyGetKey, KeyObject, CryptoKey } from 'jose';
import { ServiceUnavailableError, UnauthorizedError } from '../errors/app-error';
import type { AuthSettings } from './auth.settings';
import { loadOrCreateDevSigningKey } from './dev-signing-key';
import { loadJose, type Jose } from './jose.loader';
import { principalFromClaims, type Principal } from './principal';

type VerificationKey = CryptoKey | KeyObject | JWTVerifyGetKey;

/**
 * Checks a bearer token's signature (JWKS or the development key), algorithm, issuer, audience and
 * expiry, then reads the principal from its claims. Errors never include the token.
 */
export class TokenVerifier {
  private constructor(
    private readonly jose: Jose,
    private readonly settings: AuthSettings,
    private readonly key: VerificationKey,
  ) {}

  static async create(settings: AuthSettings): Promise<TokenVerifier> {
    const jose = await loadJose();
    if (settings.algorithms.some((a) => a === 'none' || a.startsWith('HS'))) {
      throw new Error('Only asymmetric token algorithms may be accepted');
    }
    if (settings.mode === 'jwks') {
      if (!settings.jwksUrl) throw new Error('AUTH_JWKS_URL is required in jwks mode');
      const jwks = jose.createRemoteJWKSet(new URL(settings.jwksUrl), { timeoutDuration: 5000, cooldownDuration: 30_000, cacheMaxAge: 600_000 });
      return new TokenVerifier(jose, settings, jwks);
    }
    const publicJwk: JWK = settings.devPublicJwk ?? (await loadOrCreateDevSigningKey(settings.devKeyFile)).publicJwk;
    const { d: _private, ...publicOnly } = publicJwk;
    const jwks = jose.createLocalJWKSet({ keys: [publicOnly] });
    return new TokenVerifier(jose, settings, jwks);
  }

  async verify(token: string): Promise<Principal> {
    const { errors } = this.jose;
    try {
      const { payload } = await this.jose.jwtVerify(token, this.key as JWTVerifyGetKey, {
        issuer: this.settings.issuer,
        audience: this.settings.audience,
        algorithms: [...this.settings.algorithms],
        clockTolerance: this.settings.clockToleranceSeconds,
        requiredClaims: ['exp', 'sub'],
      });
      return principalFromClaims(payload, this.settings.claims);
    } catch (error) {
      if (error instanceof errors.JWTExpired) throw new UnauthorizedError('The access token has expired');
      if (error instanceof errors.JWKSTimeout) throw new ServiceUnavailableError('The identity provider cannot be reached to check the token');
      if (error instanceof errors.JOSEError || error instanceof TypeError) throw new UnauthorizedError('The access token is not valid');
      // A JWKS fetch that failed (network, 5xx) is our outage, not the client's fault.
      throw new ServiceUnavailableError('The identity provider cannot be reached to check the token');
    }
  }
}

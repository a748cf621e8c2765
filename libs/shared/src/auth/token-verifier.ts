import type { JWK, JWTVerifyGetKey, KeyObject, CryptoKey } from 'jose';
import { ServiceUnavailableError, UnauthorizedError } from '../errors/app-error';
import type { AuthSettings } from './auth.settings';
import { loadOrCreateDevSigningKey } from './dev-signing-key';
import { loadJose, type Jose } from './jose.loader';
import { principalFromClaims, type Principal } from './principal';

type VerificationKey = CryptoKey | KeyObject | JWTVerifyGetKey;

/** How long a verified token is trusted without checking its signature again (see `verified`). */
const VERIFIED_TTL_MS = 60_000;
/** Enough for every caller active within the TTL on one replica; the oldest entry goes first. */
const VERIFIED_MAX = 10_000;

/**
 * Checks a bearer token's signature (JWKS or the development key), algorithm, issuer, audience and
 * expiry, then reads the principal from its claims. Two issuers are trusted: the identity provider
 * for people, and the agreements service for partner apps that traded an API key for a token; the
 * latter can only ever act as `partner_app`. Errors never include the token.
 */
export class TokenVerifier {
  private constructor(
    private readonly jose: Jose,
    private readonly settings: AuthSettings,
    private readonly key: VerificationKey,
    private readonly partnerKey: VerificationKey | undefined,
  ) {}

  static async create(settings: AuthSettings): Promise<TokenVerifier> {
    const jose = await loadJose();
    if (settings.algorithms.some((a) => a === 'none' || a.startsWith('HS'))) {
      throw new Error('Only asymmetric token algorithms may be accepted');
    }
    const remote = (url: string): VerificationKey =>
      jose.createRemoteJWKSet(new URL(url), { timeoutDuration: 5000, cooldownDuration: 30_000, cacheMaxAge: 600_000 });
    if (settings.mode === 'jwks') {
      if (!settings.jwksUrl) throw new Error('AUTH_JWKS_URL is required in jwks mode');
      return new TokenVerifier(jose, settings, remote(settings.jwksUrl), settings.partnerJwksUrl ? remote(settings.partnerJwksUrl) : undefined);
    }
    const publicJwk: JWK = settings.devPublicJwk ?? (await loadOrCreateDevSigningKey(settings.devKeyFile)).publicJwk;
    const { d: _private, ...publicOnly } = publicJwk;
    const jwks = jose.createLocalJWKSet({ keys: [publicOnly] });
    // Locally the agreements service signs partner-app tokens with the same development key.
    return new TokenVerifier(jose, settings, jwks, jwks);
  }

  /**
   * Tokens verified lately and their principals. Callers send the same token with request after
   * request, and a signature check (ES256/RS256) costs far more than the rest of a small request. A
   * token is taken from here only before its `exp` and for at most VERIFIED_TTL_MS after its check,
   * so that a key withdrawn from the JWKS stops being honoured within that time; anything else
   * (expired, not found) is checked in full again. Only successes are kept.
   */
  private readonly verified = new Map<string, { readonly principal: Principal; readonly until: number }>();

  async verify(token: string): Promise<Principal> {
    const now = Date.now();
    const hit = this.verified.get(token);
    if (hit) {
      if (now < hit.until) return hit.principal;
      this.verified.delete(token);
    }
    const { principal, exp } = await this.verifyInFull(token);
    const until = Math.min(exp * 1000, now + VERIFIED_TTL_MS);
    if (until <= now) return principal;
    if (this.verified.size >= VERIFIED_MAX) this.verified.delete(this.verified.keys().next().value as string);
    // Shared by every request that sends the token from now on: frozen, so that none can change it for the others.
    const shared = freezePrincipal(principal);
    this.verified.set(token, { principal: shared, until });
    return shared;
  }

  private async verifyInFull(token: string): Promise<{ principal: Principal; exp: number }> {
    const { errors } = this.jose;
    try {
      const partner = this.isPartnerToken(token);
      const key = partner ? this.partnerKey : this.key;
      if (key === undefined) throw new UnauthorizedError('Partner-app tokens are not accepted by this service');
      const { payload } = await this.jose.jwtVerify(token, key as JWTVerifyGetKey, {
        issuer: partner ? this.settings.partnerIssuer : this.settings.issuer,
        audience: this.settings.audience,
        algorithms: [...this.settings.algorithms],
        clockTolerance: this.settings.clockToleranceSeconds,
        requiredClaims: ['exp', 'sub'],
      });
      const principal = principalFromClaims(payload, this.settings.claims);
      if (partner && (principal.roles.length !== 1 || principal.roles[0] !== 'partner_app' || principal.organisationId === undefined)) {
        throw new UnauthorizedError('The access token is not valid');
      }
      return { principal, exp: payload.exp as number };
    } catch (error) {
      if (error instanceof UnauthorizedError) throw error;
      if (error instanceof errors.JWTExpired) throw new UnauthorizedError('The access token has expired');
      if (error instanceof errors.JWKSTimeout) throw new ServiceUnavailableError('The identity provider cannot be reached to check the token');
      if (error instanceof errors.JOSEError || error instanceof TypeError) throw new UnauthorizedError('The access token is not valid');
      // A JWKS fetch that failed (network, 5xx) is our outage, not the client's fault.
      throw new ServiceUnavailableError('The identity provider cannot be reached to check the token');
    }
  }

  /** Only picks the key set; the signature check then enforces the issuer for real. */
  private isPartnerToken(token: string): boolean {
    try {
      return this.jose.decodeJwt(token).iss === this.settings.partnerIssuer;
    } catch {
      return false;
    }
  }
}

function freezePrincipal(p: Principal): Principal {
  return Object.freeze({ ...p, roles: Object.freeze([...p.roles]), territories: Object.freeze([...p.territories]) });
}

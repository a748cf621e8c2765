import type { JWK } from 'jose';
import { DEV_ISSUER } from '../auth/auth.settings';
import { generateDevSigningKey } from '../auth/dev-signing-key';
import { DevTokenIssuer, type DevTokenClaims, type DevTokenOptions } from '../auth/dev-token.issuer';
import type { ClaimNames } from '../auth/principal';
import type { Role } from '@inps/kernel';

export const TEST_AUDIENCE = 'inps-per-tutti';
const DEFAULT_CLAIMS: ClaimNames = { roles: ['realm_access.roles', 'roles'], organisation: 'org', territories: 'territories' };

export interface TestTokens {
  /** Give this to the app under test as AUTH_DEV_PUBLIC_JWK. */
  readonly publicJwk: JWK;
  /** The private half, for a service under test that signs tokens itself (partner-app tokens). */
  readonly signingJwk: JWK;
  readonly issuer: string;
  readonly audience: string;
  issue(claims: DevTokenClaims, options?: DevTokenOptions): Promise<string>;
  forRole(role: Role, scope?: { readonly sub?: string; readonly org?: string; readonly territories?: readonly string[] }): Promise<string>;
  central(): Promise<string>;
  dg(): Promise<string>;
  /** Default territory: 12 (Lazio). */
  territorial(territories?: readonly string[]): Promise<string>;
  partnerAdmin(org?: string): Promise<string>;
  operator(org?: string): Promise<string>;
  partnerApp(org?: string): Promise<string>;
}

/** Mints development tokens with a key pair held in memory (nothing written to disk). */
export async function createTestTokens(
  options: { readonly issuer?: string; readonly audience?: string; readonly claims?: ClaimNames } = {},
): Promise<TestTokens> {
  const key = await generateDevSigningKey();
  const issuer = options.issuer ?? DEV_ISSUER;
  const audience = options.audience ?? TEST_AUDIENCE;
  const devIssuer = new DevTokenIssuer(key, { issuer, audience, claims: options.claims ?? DEFAULT_CLAIMS });
  const forRole: TestTokens['forRole'] = (role, scope = {}) =>
    devIssuer.issue({ sub: scope.sub ?? `test-${role}`, roles: [role], org: scope.org, territories: scope.territories });
  return {
    publicJwk: key.publicJwk,
    signingJwk: key.privateJwk,
    issuer,
    audience,
    issue: (claims, opts) => devIssuer.issue(claims, opts),
    forRole,
    central: () => forRole('central', { territories: ['IT'] }),
    dg: () => forRole('dg', { territories: ['IT'] }),
    territorial: (territories = ['12']) => forRole('territorial', { territories }),
    partnerAdmin: (org = 'org-a') => forRole('partner_admin', { org }),
    operator: (org = 'org-a') => forRole('operator', { org }),
    partnerApp: (org = 'org-a') => forRole('partner_app', { org }),
  };
}

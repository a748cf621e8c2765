import { join } from 'node:path';
import type { JWK } from 'jose';
import type { BaseConfig } from '../config/base.config';
import type { ClaimNames } from './principal';

/** The issuer of locally signed development tokens. */
export const DEV_ISSUER = 'urn:inps-per-tutti:dev';
export const DEV_ALGORITHM = 'ES256';

export interface AuthSettings {
  readonly mode: 'jwks' | 'dev';
  readonly issuer: string;
  readonly audience: string;
  /** Accepted `alg` values: asymmetric only. */
  readonly algorithms: readonly string[];
  readonly jwksUrl?: string;
  readonly claims: ClaimNames;
  readonly clockToleranceSeconds: number;
  /** Dev mode: where the shared development key pair lives. */
  readonly devKeyFile: string;
  /** Dev mode: check tokens with this public key instead of the key file (tests). */
  readonly devPublicJwk?: JWK;
  /** Issuer of the tokens partner apps get for their API keys (signed by the agreements service). */
  readonly partnerIssuer: string;
  /** jwks mode: the agreements service's partner-app key set; dev mode uses the development key. */
  readonly partnerJwksUrl?: string;
}

export function devKeyFileIn(dataDir: string): string {
  return join(dataDir, 'auth', 'dev-signing-key.json');
}

export function authSettingsFromConfig(config: BaseConfig): AuthSettings {
  const dev = config.AUTH_MODE === 'dev';
  return {
    mode: config.AUTH_MODE,
    issuer: config.AUTH_ISSUER ?? DEV_ISSUER,
    audience: config.AUTH_AUDIENCE,
    algorithms: dev ? [DEV_ALGORITHM] : config.AUTH_ALGORITHMS,
    jwksUrl: config.AUTH_JWKS_URL,
    claims: { roles: config.AUTH_ROLES_CLAIM, organisation: config.AUTH_ORG_CLAIM, territories: config.AUTH_TERRITORIES_CLAIM },
    clockToleranceSeconds: config.AUTH_CLOCK_TOLERANCE_SECONDS,
    devKeyFile: devKeyFileIn(config.DATA_DIR),
    devPublicJwk: config.AUTH_DEV_PUBLIC_JWK as JWK | undefined,
    partnerIssuer: config.AUTH_PARTNER_ISSUER,
    partnerJwksUrl: config.AUTH_PARTNER_JWKS_URL,
  };
}

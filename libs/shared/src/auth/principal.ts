import type { JWTPayload } from 'jose';
import { isRole, type Role } from '@inps/kernel';

/** The verified caller. Built only from a verified token, never from headers a proxy could set. */
export interface Principal {
  readonly subject: string;
  readonly roles: readonly Role[];
  readonly organisationId?: string;
  /** ISTAT codes (or `IT` for national) the caller's unit covers. */
  readonly territories: readonly string[];
  readonly clientType: 'user' | 'partner_app';
}

export interface ClaimNames {
  /** Dotted paths tried in order; all found roles are merged. */
  readonly roles: readonly string[];
  readonly organisation: string;
  readonly territories: string;
}

export function getClaim(payload: unknown, path: string): unknown {
  let current: unknown = payload;
  for (const part of path.split('.')) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}

export function setClaim(payload: Record<string, unknown>, path: string, value: unknown): void {
  const parts = path.split('.');
  let current = payload;
  for (const part of parts.slice(0, -1)) {
    const next = current[part];
    if (typeof next !== 'object' || next === null) current[part] = {};
    current = current[part] as Record<string, unknown>;
  }
  current[parts[parts.length - 1] as string] = value;
}

/** Claims may be arrays or space/comma separated strings (OAuth `scope` style). */
function stringList(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string' && v !== '');
  if (typeof value === 'string') return value.split(/[\s,]+/).filter((v) => v !== '');
  return [];
}

/** Unknown roles (Keycloak adds `offline_access`, `uma_authorization`) are ignored, not errors. */
export function principalFromClaims(payload: JWTPayload, claims: ClaimNames): Principal {
  const roles = new Set<Role>();
  for (const path of claims.roles) for (const r of stringList(getClaim(payload, path))) if (isRole(r)) roles.add(r);
  const org = getClaim(payload, claims.organisation);
  const roleList = [...roles];
  return {
    subject: String(payload.sub),
    roles: roleList,
    organisationId: typeof org === 'string' && org !== '' ? org : typeof org === 'number' ? String(org) : undefined,
    territories: stringList(getClaim(payload, claims.territories)),
    clientType: roleList.includes('partner_app') ? 'partner_app' : 'user',
  };
}

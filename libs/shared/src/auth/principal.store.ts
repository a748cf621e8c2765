import type { Request } from 'express';
import type { Principal } from './principal';

const PRINCIPAL = Symbol('inps.principal');

type WithPrincipal = Request & { [PRINCIPAL]?: { readonly principal: Principal | null } };

/** Remembers the verification result on the request, so GraphQL resolvers verify a token once. */
export function storePrincipal(req: Request, principal: Principal | null): void {
  (req as WithPrincipal)[PRINCIPAL] = { principal };
}

export function hasStoredPrincipal(req: Request): boolean {
  return (req as WithPrincipal)[PRINCIPAL] !== undefined;
}

export function principalOf(req: Request): Principal | null {
  return (req as WithPrincipal)[PRINCIPAL]?.principal ?? null;
}

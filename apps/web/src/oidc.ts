/**
 * Operators' sign-in against the organisation's OpenID Connect issuer (a Keycloak realm): the
 * Authorization Code flow with PKCE for a public client, by hand because it is a few requests and a
 * library would weigh more than the rest of the sign-in. The access token stays in this tab.
 */

export interface OidcSettings {
  readonly issuer: string;
  readonly clientId: string;
}

interface Discovery {
  readonly authorization_endpoint: string;
  readonly token_endpoint: string;
  readonly end_session_endpoint?: string;
}

/** What the tab remembers between leaving for the issuer and coming back (sessionStorage: this tab only). */
interface Pending {
  readonly state: string;
  readonly nonce: string;
  readonly verifier: string;
  readonly redirectUri: string;
  readonly issuer: string;
  readonly clientId: string;
}

const PENDING = 'inps.web.oidc.pending';

/** The gateway says whether operators sign in with an issuer; without an answer, the development sign-in stays. */
export async function loadOidcSettings(): Promise<OidcSettings | null> {
  try {
    const response = await fetch('/web-config.json', { headers: { accept: 'application/json' } });
    if (!response.ok) return null;
    const body = (await response.json()) as { oidc?: Partial<OidcSettings> | null };
    const oidc = body.oidc;
    return oidc && typeof oidc.issuer === 'string' && typeof oidc.clientId === 'string' ? { issuer: oidc.issuer, clientId: oidc.clientId } : null;
  } catch {
    return null;
  }
}

async function discover(issuer: string): Promise<Discovery> {
  const response = await fetch(`${issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`);
  if (!response.ok) throw new OidcError('discovery');
  const doc = (await response.json()) as Partial<Discovery> & { issuer?: string };
  if (typeof doc.authorization_endpoint !== 'string' || typeof doc.token_endpoint !== 'string') throw new OidcError('discovery');
  return doc as Discovery;
}

export class OidcError extends Error {
  constructor(readonly reason: 'discovery' | 'state' | 'refused' | 'token' | 'nonce') {
    super(reason);
  }
}

const base64url = (bytes: Uint8Array): string =>
  btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');

const random = (): string => base64url(crypto.getRandomValues(new Uint8Array(32)));

async function challengeOf(verifier: string): Promise<string> {
  return base64url(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))));
}

/** The page itself, without the answer's parameters: where the issuer sends the operator back. */
const redirectUri = (): string => `${location.origin}${location.pathname}`;

/** Leaves for the issuer's sign-in page. */
export async function beginSignIn(settings: OidcSettings): Promise<void> {
  const discovery = await discover(settings.issuer);
  const pending: Pending = { state: random(), nonce: random(), verifier: random(), redirectUri: redirectUri(), ...settings };
  sessionStorage.setItem(PENDING, JSON.stringify(pending));
  const url = new URL(discovery.authorization_endpoint);
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: settings.clientId,
    redirect_uri: pending.redirectUri,
    scope: 'openid',
    state: pending.state,
    nonce: pending.nonce,
    code_challenge: await challengeOf(pending.verifier),
    code_challenge_method: 'S256',
  }).toString();
  location.assign(url.toString());
}

/** Whether this page is the issuer's answer to a sign-in started in this tab. */
export function isSignInAnswer(): boolean {
  const params = new URLSearchParams(location.search);
  return (params.has('code') || params.has('error')) && params.has('state');
}

export interface SignedIn {
  readonly accessToken: string;
  readonly idToken?: string;
}

function claimsOf(jwt: string): Record<string, unknown> {
  try {
    const payload = jwt.split('.')[1] ?? '';
    return JSON.parse(atob(payload.replace(/-/g, '+').replace(/_/g, '/'))) as Record<string, unknown>;
  } catch {
    return {};
  }
}

/**
 * Takes the issuer's answer: the code and state leave the address bar (and the history) at once,
 * the state must be the one this tab sent, and the code is exchanged with the verifier only this tab knows.
 */
export async function completeSignIn(): Promise<SignedIn> {
  const params = new URLSearchParams(location.search);
  const raw = sessionStorage.getItem(PENDING);
  sessionStorage.removeItem(PENDING);
  const clean = new URL(location.href);
  for (const name of ['code', 'state', 'session_state', 'iss', 'error', 'error_description', 'error_uri']) clean.searchParams.delete(name);
  history.replaceState(history.state, '', clean.toString());
  let pending: Pending | undefined;
  try {
    pending = raw ? (JSON.parse(raw) as Pending) : undefined;
  } catch {
    pending = undefined;
  }
  if (!pending || params.get('state') !== pending.state) throw new OidcError('state');
  const code = params.get('code');
  if (!code) throw new OidcError('refused');
  const discovery = await discover(pending.issuer);
  const response = await fetch(discovery.token_endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code,
      redirect_uri: pending.redirectUri,
      client_id: pending.clientId,
      code_verifier: pending.verifier,
    }).toString(),
  });
  if (!response.ok) throw new OidcError('token');
  const tokens = (await response.json()) as { access_token?: unknown; id_token?: unknown };
  if (typeof tokens.access_token !== 'string') throw new OidcError('token');
  const idToken = typeof tokens.id_token === 'string' ? tokens.id_token : undefined;
  // The ID token is ours only if it carries the nonce this tab sent; the API checks the access token's signature itself.
  if (idToken !== undefined && claimsOf(idToken).nonce !== pending.nonce) throw new OidcError('nonce');
  return { accessToken: tokens.access_token, ...(idToken ? { idToken } : {}) };
}

/** Ends the session at the issuer too, when it offers that; the tab has already forgotten the token. */
export async function endSession(settings: OidcSettings, idToken: string | undefined): Promise<void> {
  let discovery: Discovery;
  try {
    discovery = await discover(settings.issuer);
  } catch {
    return;
  }
  if (!discovery.end_session_endpoint) return;
  const url = new URL(discovery.end_session_endpoint);
  url.searchParams.set('client_id', settings.clientId);
  url.searchParams.set('post_logout_redirect_uri', `${location.origin}/`);
  if (idToken) url.searchParams.set('id_token_hint', idToken);
  location.assign(url.toString());
}

import { createHash, createPrivateKey, randomBytes, sign, type JsonWebKey } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A small OpenID Connect provider for the browser tests, shaped like a Keycloak realm: discovery,
 * an authorization endpoint that signs the operator in at once (no login form) and a token endpoint
 * for a public client with PKCE. It is strict where a real one is: the client, the redirect, S256,
 * the state's presence, one use of a code, and the verifier against the challenge. The access token
 * is whatever `accessToken` mints: the stack's own test token, so the services accept it.
 */
export interface OidcProvider {
  readonly issuer: string;
  /** Every refusal, for a test to show what went wrong. */
  readonly refusals: string[];
  /** Codes exchanged at the token endpoint. */
  readonly exchanged: number;
  close(): Promise<void>;
}

const REALM = '/realms/test';

interface Grant {
  readonly challenge: string;
  readonly redirectUri: string;
  readonly nonce: string | null;
}

export async function startOidcProvider(options: {
  readonly clientId: string;
  /** The only redirect the client may ask for (the web client's page). */
  readonly redirectUri: () => string;
  readonly accessToken: () => Promise<string>;
  /** Signs the ID token (the stack's test key: any key would do, the web client reads only its nonce). */
  readonly signingJwk: JsonWebKey;
}): Promise<OidcProvider> {
  const grants = new Map<string, Grant>();
  const refusals: string[] = [];
  let exchanged = 0;
  const key = createPrivateKey({ key: options.signingJwk, format: 'jwk' });
  let issuer = '';
  /** ES256, as the stack's test key (signed here to keep jose, an ES module, out of this helper). */
  const idTokenOf = (claims: Record<string, unknown>): string => {
    const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const now = Math.floor(Date.now() / 1000);
    const input = `${part({ alg: 'ES256', typ: 'JWT', kid: options.signingJwk.kid })}.${part({ iss: issuer, aud: options.clientId, sub: 'test-operator', iat: now, exp: now + 300, ...claims })}`;
    return `${input}.${sign('sha256', Buffer.from(input), { key, dsaEncoding: 'ieee-p1363' }).toString('base64url')}`;
  };

  const send = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    // The web page calls discovery and the token endpoint from its own origin, as it would a Keycloak realm.
    res.writeHead(status, { 'content-type': 'application/json', 'access-control-allow-origin': '*', 'cache-control': 'no-store', ...headers });
    res.end(JSON.stringify(body));
  };
  const refuse = (res: ServerResponse, status: number, error: string, description: string) => {
    refusals.push(`${error}: ${description}`);
    send(res, status, { error, error_description: description });
  };
  const readForm = (req: IncomingMessage): Promise<URLSearchParams> =>
    new Promise((resolve, reject) => {
      let raw = '';
      req.setEncoding('utf8');
      req.on('data', (chunk: string) => (raw += chunk));
      req.on('end', () => resolve(new URLSearchParams(raw)));
      req.on('error', reject);
    });

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', issuer);
    // Endpoints live under the realm's path, as Keycloak's do; anything else is not found.
    const path = url.pathname.startsWith(REALM) ? url.pathname.slice(REALM.length) : '';
    if (req.method === 'OPTIONS') {
      res.writeHead(204, {
        'access-control-allow-origin': '*',
        'access-control-allow-methods': 'GET, POST',
        'access-control-allow-headers': 'content-type, accept',
      });
      return res.end();
    }
    if (req.method === 'GET' && path === '/.well-known/openid-configuration') {
      return send(res, 200, {
        issuer,
        authorization_endpoint: `${issuer}/auth`,
        token_endpoint: `${issuer}/token`,
        end_session_endpoint: `${issuer}/logout`,
        response_types_supported: ['code'],
        code_challenge_methods_supported: ['S256'],
      });
    }
    if (req.method === 'GET' && path === '/auth') {
      const q = url.searchParams;
      const wrong =
        q.get('client_id') !== options.clientId
          ? 'client_id'
          : q.get('redirect_uri') !== options.redirectUri()
            ? 'redirect_uri'
            : q.get('response_type') !== 'code'
              ? 'response_type'
              : q.get('code_challenge_method') !== 'S256'
                ? 'code_challenge_method'
                : !/^[\w-]{43}$/.test(q.get('code_challenge') ?? '')
                  ? 'code_challenge'
                  : !q.get('state')
                    ? 'state'
                    : undefined;
      if (wrong) return refuse(res, 400, 'invalid_request', `${wrong} is missing or wrong`);
      const code = randomBytes(24).toString('base64url');
      grants.set(code, { challenge: q.get('code_challenge') as string, redirectUri: q.get('redirect_uri') as string, nonce: q.get('nonce') });
      const back = new URL(q.get('redirect_uri') as string);
      back.searchParams.set('code', code);
      back.searchParams.set('state', q.get('state') as string);
      back.searchParams.set('session_state', 'test-session');
      res.writeHead(302, { location: back.toString() });
      return res.end();
    }
    if (req.method === 'POST' && path === '/token') {
      readForm(req)
        .then(async (form) => {
          const code = form.get('code') ?? '';
          const grant = grants.get(code);
          grants.delete(code);
          if (form.get('grant_type') !== 'authorization_code') return refuse(res, 400, 'unsupported_grant_type', 'grant_type');
          if (form.get('client_id') !== options.clientId) return refuse(res, 401, 'invalid_client', 'client_id');
          if (!grant) return refuse(res, 400, 'invalid_grant', 'unknown or used code');
          if (form.get('redirect_uri') !== grant.redirectUri) return refuse(res, 400, 'invalid_grant', 'redirect_uri differs from the authorization request');
          const verifier = form.get('code_verifier') ?? '';
          if (createHash('sha256').update(verifier).digest('base64url') !== grant.challenge)
            return refuse(res, 400, 'invalid_grant', 'code_verifier does not match the challenge');
          exchanged++;
          const idToken = idTokenOf(grant.nonce ? { nonce: grant.nonce } : {});
          send(res, 200, { access_token: await options.accessToken(), token_type: 'Bearer', expires_in: 300, id_token: idToken });
        })
        .catch((error: unknown) => refuse(res, 500, 'server_error', String(error)));
      return;
    }
    if (req.method === 'GET' && path === '/logout') {
      const back = url.searchParams.get('post_logout_redirect_uri');
      res.writeHead(302, { location: back ?? '/' });
      return res.end();
    }
    refuse(res, 404, 'not_found', url.pathname);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}${REALM}`;
  return {
    issuer,
    refusals,
    get exchanged() {
      return exchanged;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

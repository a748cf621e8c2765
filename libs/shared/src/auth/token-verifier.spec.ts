import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ServiceUnavailableError, UnauthorizedError } from '../errors/app-error';
import { DEV_ISSUER, type AuthSettings } from './auth.settings';
import { generateDevSigningKey, type DevSigningKey } from './dev-signing-key';
import { DevTokenIssuer } from './dev-token.issuer';
import { loadJose } from './jose.loader';
import { TokenVerifier } from './token-verifier';

const PARTNER_ISSUER = 'urn:inps-per-tutti:partner-apps';
const claims = { roles: ['realm_access.roles', 'roles'], organisation: 'org', territories: 'territories' };

function devSettings(key: DevSigningKey, overrides: Partial<AuthSettings> = {}): AuthSettings {
  return {
    mode: 'dev',
    issuer: DEV_ISSUER,
    audience: 'inps-per-tutti',
    algorithms: ['ES256'],
    claims,
    clockToleranceSeconds: 0,
    devKeyFile: '/nonexistent/never-read.json',
    devPublicJwk: key.publicJwk,
    partnerIssuer: PARTNER_ISSUER,
    ...overrides,
  };
}

const b64 = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');

async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the token to be refused');
}

describe('TokenVerifier (dev key)', () => {
  let key: DevSigningKey;
  let verifier: TokenVerifier;
  let issuer: DevTokenIssuer;

  beforeAll(async () => {
    key = await generateDevSigningKey();
    verifier = await TokenVerifier.create(devSettings(key));
    issuer = new DevTokenIssuer(key, devSettings(key));
  });

  it('accepts a valid token and reads the principal from its claims', async () => {
    const token = await issuer.issue({ sub: 'u-1', roles: ['operator'], org: 'caritas-roma', territories: ['058091'] });
    await expect(verifier.verify(token)).resolves.toEqual({
      subject: 'u-1',
      roles: ['operator'],
      organisationId: 'caritas-roma',
      territories: ['058091'],
      clientType: 'user',
    });
  });

  it('reads Keycloak-style roles and ignores roles it does not know', async () => {
    const jose = await loadJose();
    // As Keycloak writes it: realm roles only under realm_access, with its own defaults mixed in.
    const token = await new jose.SignJWT({ realm_access: { roles: ['partner_app', 'offline_access', 'uma_authorization'] }, org: 'santegidio' })
      .setProtectedHeader({ alg: 'ES256', kid: key.kid })
      .setSubject('app-9')
      .setIssuer(DEV_ISSUER)
      .setAudience(['inps-per-tutti', 'account'])
      .setExpirationTime('5m')
      .sign(await jose.importJWK(key.privateJwk, 'ES256'));
    const principal = await verifier.verify(token);
    expect(principal.roles).toEqual(['partner_app']);
    expect(principal.clientType).toBe('partner_app');
    expect(principal.organisationId).toBe('santegidio');
  });

  it('accepts a partner-app token from the partner issuer', async () => {
    const token = await issuer.issue({ sub: 'api-key:k1', roles: ['partner_app'], org: 'caritas-roma' }, { issuer: PARTNER_ISSUER });
    const principal = await verifier.verify(token);
    expect(principal).toMatchObject({ roles: ['partner_app'], organisationId: 'caritas-roma', clientType: 'partner_app' });
  });

  it.each([
    ['a staff role', { sub: 'api-key:k1', roles: ['central'] as const, org: 'caritas-roma' }],
    ['partner_app with a second role', { sub: 'api-key:k1', roles: ['partner_app', 'partner_admin'] as const, org: 'caritas-roma' }],
    ['no organisation', { sub: 'api-key:k1', roles: ['partner_app'] as const }],
  ])('refuses a partner-issuer token with %s', async (_label, claims) => {
    const token = await issuer.issue({ ...claims, roles: [...claims.roles] }, { issuer: PARTNER_ISSUER });
    expect(await rejection(verifier.verify(token))).toBeInstanceOf(UnauthorizedError);
  });

  it('refuses an expired token', async () => {
    const token = await issuer.issue({ sub: 'u', roles: ['central'] }, { issuedAt: new Date(Date.now() - 7200_000), expiresIn: 60 });
    const error = await rejection(verifier.verify(token));
    expect(error).toBeInstanceOf(UnauthorizedError);
    expect(error.message).toBe('The access token has expired');
  });

  it.each([
    ['a wrong issuer', { issuer: 'https://evil.example' }],
    ['a wrong audience', { audience: 'another-api' }],
  ])('refuses %s', async (_label, options) => {
    const token = await issuer.issue({ sub: 'u', roles: ['central'] }, options);
    const error = await rejection(verifier.verify(token));
    expect(error).toBeInstanceOf(UnauthorizedError);
    expect(error.message).toBe('The access token is not valid');
  });

  it('checks a signature once, then trusts the token for a minute at most and never past its expiry', async () => {
    const own = await TokenVerifier.create(devSettings(key));
    const inFull = jest.spyOn(own as unknown as { verifyInFull(token: string): Promise<unknown> }, 'verifyInFull');
    jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'], now: Date.now() });
    try {
      const long = await issuer.issue({ sub: 'u-2', roles: ['central'] }, { expiresIn: 3600 });
      const first = await own.verify(long);
      await expect(own.verify(long)).resolves.toEqual(first);
      expect(inFull).toHaveBeenCalledTimes(1);
      // Shared by the requests that send the same token: nobody may change it for the others.
      expect(Object.isFrozen(first) && Object.isFrozen(first.roles) && Object.isFrozen(first.territories)).toBe(true);
      jest.advanceTimersByTime(61_000);
      await expect(own.verify(long)).resolves.toEqual(first);
      expect(inFull).toHaveBeenCalledTimes(2);

      const short = await issuer.issue({ sub: 'u-3', roles: ['central'] }, { expiresIn: 30 });
      await own.verify(short);
      jest.advanceTimersByTime(31_000);
      expect((await rejection(own.verify(short))).message).toBe('The access token has expired');
    } finally {
      jest.useRealTimers();
    }
  });

  it('refuses an unsigned token (alg: none)', async () => {
    const now = Math.floor(Date.now() / 1000);
    const token = `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ sub: 'u', roles: ['central'], iss: DEV_ISSUER, aud: 'inps-per-tutti', iat: now, exp: now + 600 })}.`;
    expect(await rejection(verifier.verify(token))).toBeInstanceOf(UnauthorizedError);
  });

  it('refuses a token signed with a shared secret (HS256)', async () => {
    const jose = await loadJose();
    const token = await new jose.SignJWT({ roles: ['central'] })
      .setProtectedHeader({ alg: 'HS256', kid: key.kid })
      .setSubject('u')
      .setIssuer(DEV_ISSUER)
      .setAudience('inps-per-tutti')
      .setExpirationTime('10m')
      .sign(new TextEncoder().encode('a-secret-anyone-could-guess-000000'));
    expect(await rejection(verifier.verify(token))).toBeInstanceOf(UnauthorizedError);
  });

  it('refuses a token whose payload was changed after signing', async () => {
    const token = await issuer.issue({ sub: 'u', roles: ['operator'], org: 'a' });
    const [header, , signature] = token.split('.');
    const now = Math.floor(Date.now() / 1000);
    const forged = `${header}.${b64({ sub: 'u', roles: ['central'], realm_access: { roles: ['central'] }, iss: DEV_ISSUER, aud: 'inps-per-tutti', iat: now, exp: now + 600 })}.${signature}`;
    expect(await rejection(verifier.verify(forged))).toBeInstanceOf(UnauthorizedError);
  });

  it('refuses a token signed by another key, even with the same key id', async () => {
    const other = await generateDevSigningKey();
    const impostor = new DevTokenIssuer({ ...other, kid: key.kid, privateJwk: { ...other.privateJwk, kid: key.kid } }, devSettings(key));
    expect(await rejection(verifier.verify(await impostor.issue({ sub: 'u', roles: ['central'] })))).toBeInstanceOf(UnauthorizedError);
  });

  it('refuses a token without an expiry', async () => {
    const jose = await loadJose();
    const token = await new jose.SignJWT({ roles: ['central'] })
      .setProtectedHeader({ alg: 'ES256', kid: key.kid })
      .setSubject('u')
      .setIssuer(DEV_ISSUER)
      .setAudience('inps-per-tutti')
      .sign(await jose.importJWK(key.privateJwk, 'ES256'));
    expect(await rejection(verifier.verify(token))).toBeInstanceOf(UnauthorizedError);
  });

  it('never repeats the token in its errors', async () => {
    const token = await issuer.issue({ sub: 'u', roles: ['central'] }, { audience: 'x' });
    const error = await rejection(verifier.verify(token));
    expect(JSON.stringify({ message: error.message, cause: String(error.cause) })).not.toContain(token.split('.')[1]);
  });

  it('refuses to be built with a symmetric algorithm allowed', async () => {
    await expect(TokenVerifier.create(devSettings(key, { algorithms: ['ES256', 'HS256'] }))).rejects.toThrow(/asymmetric/);
  });
});

describe('TokenVerifier (JWKS)', () => {
  let server: Server;
  let url: string;
  let sign: (payload: Record<string, unknown>, issuer?: string) => Promise<string>;

  beforeAll(async () => {
    const jose = await loadJose();
    const { privateKey, publicKey } = await jose.generateKeyPair('RS256', { extractable: true });
    const jwk = { ...(await jose.exportJWK(publicKey)), kid: 'rsa-1', alg: 'RS256', use: 'sig' };
    sign = (payload, issuer = 'https://sso.example/realms/inps') =>
      new jose.SignJWT(payload)
        .setProtectedHeader({ alg: 'RS256', kid: 'rsa-1' })
        .setSubject('kc-user')
        .setIssuer(issuer)
        .setAudience('inps-per-tutti')
        .setExpirationTime('5m')
        .sign(privateKey);
    server = createServer((_req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ keys: [jwk] }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/certs`;
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  const jwksSettings = (jwksUrl: string): AuthSettings => ({
    mode: 'jwks',
    issuer: 'https://sso.example/realms/inps',
    audience: 'inps-per-tutti',
    algorithms: ['RS256', 'ES256'],
    jwksUrl,
    claims,
    clockToleranceSeconds: 30,
    devKeyFile: '/nonexistent',
    partnerIssuer: PARTNER_ISSUER,
  });

  it('verifies a token with a key fetched from the JWKS endpoint', async () => {
    const verifier = await TokenVerifier.create(jwksSettings(url));
    const principal = await verifier.verify(await sign({ realm_access: { roles: ['territorial'] }, territories: ['12'] }));
    expect(principal).toEqual({ subject: 'kc-user', roles: ['territorial'], territories: ['12'], organisationId: undefined, clientType: 'user' });
  });

  it('refuses partner-app tokens when no partner key set is configured', async () => {
    const verifier = await TokenVerifier.create(jwksSettings(url));
    // Signed by the identity provider's own key: still not trusted as a partner-app token.
    const token = await sign({ roles: ['partner_app'], org: 'caritas-roma' }, PARTNER_ISSUER);
    const error = await rejection(verifier.verify(token));
    expect(error).toBeInstanceOf(UnauthorizedError);
    expect(error.message).toMatch(/Partner-app tokens are not accepted/);
  });

  it('answers 503, not 401, when the identity provider cannot be reached', async () => {
    const verifier = await TokenVerifier.create(jwksSettings('http://127.0.0.1:1/certs'));
    expect(await rejection(verifier.verify(await sign({ roles: ['central'] })))).toBeInstanceOf(ServiceUnavailableError);
  });
});

import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { authSettingsFromConfig, createTestTokens, loadConfig, type TestTokens } from '@inps/shared';
import express from 'express';
import request from 'supertest';
import { gatewayConfig } from '../gateway.config';
import { ApiKeyExchange } from './api-key-exchange';
import { ApiKeyRevocations } from './api-key-revocations';
import { callerOf, identifyCallers } from './caller';
import { IpHasher } from './ip-hasher';
import { TokenCheck } from './token-check';

const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');

describe('rate limit buckets', () => {
  let tokens: TestTokens;
  let dataDir: string;
  const settings = (extra: Record<string, string> = {}) =>
    authSettingsFromConfig(
      loadConfig(gatewayConfig, {
        AUTH_DEV_PUBLIC_JWK: JSON.stringify(tokens.publicJwk),
        AUTH_ISSUER: tokens.issuer,
        AUTH_AUDIENCE: tokens.audience,
        DATA_DIR: dataDir,
        ...extra,
      }),
    );

  beforeAll(async () => {
    tokens = await createTestTokens();
    dataDir = mkdtempSync(join(tmpdir(), 'gw-buckets-'));
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  /** An app that answers the bucket identifyCallers chose. */
  const bucketApp = (check: TokenCheck | undefined) => {
    const apiKeys = new ApiKeyExchange({
      agreementsUrl: 'http://127.0.0.1:9',
      timeoutMs: 100,
      partnerIssuer: 'urn:inps-per-tutti:partner-apps',
      revocations: new ApiKeyRevocations({ agreementsUrl: 'http://127.0.0.1:9', boundMs: 1000, timeoutMs: 100 }),
    });
    const app = express();
    app.set('trust proxy', 1);
    app.use(identifyCallers({ ips: new IpHasher(), apiKeys, tokens: check }));
    app.use((req, res) => res.json(callerOf(req)));
    return app;
  };

  it('give a verified token its own bucket, by issuer and subject, which contains neither', async () => {
    const app = bucketApp(new TokenCheck(settings()));
    const operator = await tokens.issue({ sub: 'operator-42', roles: ['operator'], org: 'caritas-roma' });
    const res = await request(app).get('/').set('authorization', `Bearer ${operator}`).set('x-forwarded-for', '203.0.113.7').expect(200);
    expect(res.body).toEqual({ bucket: expect.stringMatching(/^s:[A-Za-z0-9_-]{22}$/), identified: true, address: expect.stringMatching(/^ip:/) });
    expect(JSON.stringify(res.body)).not.toMatch(/operator-42|203\.0\.113/);
    const again = await request(app)
      .get('/')
      .set('authorization', `Bearer ${await tokens.issue({ sub: 'operator-42', roles: ['operator'] })}`);
    expect(again.body.bucket).toBe(res.body.bucket);
    const other = await request(app)
      .get('/')
      .set('authorization', `Bearer ${await tokens.issue({ sub: 'operator-43', roles: ['operator'] })}`);
    expect(other.body.bucket).not.toBe(res.body.bucket);
  });

  it('count anything unverifiable against the address: forged, unsigned, expired tokens, unknown API keys', async () => {
    const app = bucketApp(new TokenCheck(settings()));
    const now = Math.floor(Date.now() / 1000);
    const claims = { iss: tokens.issuer, aud: tokens.audience, sub: 'made-up', roles: ['central'], iat: now, exp: now + 600 };
    const expired = await tokens.issue({ sub: 'late', roles: ['operator'] }, { issuedAt: new Date(Date.now() - 7_200_000), expiresIn: 600 });
    const other = await createTestTokens();
    for (const credential of [
      { authorization: `Bearer ${b64({ alg: 'none' })}.${b64(claims)}.` },
      { authorization: `Bearer ${b64({ alg: 'ES256' })}.${b64(claims)}.c2lnbmF0dXJl` },
      { authorization: `Bearer ${expired}` },
      { authorization: `Bearer ${await other.central()}` },
      { authorization: 'Bearer not-a-jwt' },
      { authorization: 'Basic dXNlcjpwYXNz' },
      { 'x-api-key': `ipt_${'ab'.repeat(16)}_${'x'.repeat(43)}` },
      {},
    ]) {
      const res = await request(app).get('/').set(credential).set('x-forwarded-for', '203.0.113.9');
      expect({ credential, caller: res.body }).toEqual({
        credential,
        caller: { bucket: res.body.address, identified: false, address: expect.stringMatching(/^ip:/) },
      });
    }
  });

  it('check each token once while it lives, and remember a refusal', async () => {
    let now = Date.now();
    const check = new TokenCheck(settings(), { now: () => now });
    const token = await tokens.operator();
    const verify = jest.spyOn(await import('@inps/shared').then((m) => m.TokenVerifier.prototype), 'verify');
    const bucket = await check.bucketOf(token);
    expect(bucket).toMatch(/^s:/);
    expect(await check.bucketOf(token)).toBe(bucket);
    expect(await check.bucketOf('a.b.c')).toBeUndefined();
    expect(await check.bucketOf('a.b.c')).toBeUndefined();
    expect(verify).toHaveBeenCalledTimes(2);
    // Past its expiry as the gateway's clock sees it, the token is checked again.
    now += 16 * 60_000;
    await check.bucketOf(token);
    expect(verify).toHaveBeenCalledTimes(3);
    verify.mockRestore();
  });

  it('in dev mode without a key, read the key file but never create it', async () => {
    const keyFile = join(dataDir, 'auth', 'dev-signing-key.json');
    const check = new TokenCheck(settings({ AUTH_DEV_PUBLIC_JWK: '' }));
    expect(await check.bucketOf(await tokens.operator())).toBeUndefined();
    expect(existsSync(keyFile)).toBe(false);
  });

  it('hash addresses with a secret that changes every day', () => {
    let now = new Date('2026-03-10T23:59:00Z');
    const hasher = new IpHasher(undefined, () => now);
    const today = hasher.hash('203.0.113.7');
    expect(today).not.toContain('203');
    expect(hasher.hash('203.0.113.7')).toBe(today);
    expect(hasher.hash('203.0.113.8')).not.toBe(today);
    expect(new IpHasher(undefined, () => now).hash('203.0.113.7')).not.toBe(today);
    now = new Date('2026-03-11T00:01:00Z');
    expect(hasher.hash('203.0.113.7')).not.toBe(today);
  });
});

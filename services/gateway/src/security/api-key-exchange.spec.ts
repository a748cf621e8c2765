import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import express from 'express';
import request from 'supertest';
import { ApiKeyExchange, type InvalidKeyGate } from './api-key-exchange';
import { ApiKeyRevocations } from './api-key-revocations';
import { identifyCallers } from './caller';
import { IpHasher } from './ip-hasher';

const GOOD_ID = '0123456789abcdef0123456789abcdef';
const GOOD = `ipt_${GOOD_ID}_${'s'.repeat(43)}`;
const GOOD_UUID = '01234567-89ab-cdef-0123-456789abcdef';
const key = (hexId: string) => `ipt_${hexId.padStart(32, '0')}_${'x'.repeat(43)}`;
const PARTNER_ISSUER = 'urn:inps-per-tutti:partner-apps';
const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
const partnerToken = (keyId: string) => `${b64({ alg: 'ES256' })}.${b64({ iss: PARTNER_ISSUER, sub: `api-key:${keyId}`, roles: ['partner_app'] })}.sig`;

describe('API key exchange', () => {
  let agreements: Server;
  let url: string;
  const exchanged: string[] = [];
  let revoked: string[] = [];
  let listAsked = 0;
  let clock = 1_000_000;

  beforeAll(async () => {
    const app = express();
    app.post('/api/v1/api-keys/token', (req, res) => {
      const k = req.headers['x-api-key'] as string;
      exchanged.push(k);
      if (k === GOOD) res.json({ accessToken: `tok-${exchanged.length}`, tokenType: 'Bearer', expiresIn: 900 });
      else res.status(401).json({ error: { code: 'INVALID_API_KEY', message: 'The API key is not valid, expired or revoked' } });
    });
    app.get('/internal/api-keys/revoked', (_req, res) => {
      listAsked += 1;
      res.json({ keyIds: revoked });
    });
    agreements = app.listen(0, '127.0.0.1');
    await new Promise((r) => agreements.once('listening', r));
    url = `http://127.0.0.1:${(agreements.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise((r) => agreements.close(r)));
  beforeEach(() => {
    exchanged.length = 0;
    revoked = [];
    listAsked = 0;
  });

  const gateway = (invalidKeys?: InvalidKeyGate) => {
    const now = () => clock;
    const exchange = new ApiKeyExchange({
      agreementsUrl: url,
      timeoutMs: 2000,
      now,
      partnerIssuer: PARTNER_ISSUER,
      revocations: new ApiKeyRevocations({ agreementsUrl: url, boundMs: 5_000, timeoutMs: 2000, now }),
      invalidKeys,
    });
    const app = express();
    app.use(identifyCallers({ ips: new IpHasher(), apiKeys: exchange }));
    app.use(exchange.middleware());
    app.use((req, res) => res.json({ authorization: req.headers.authorization ?? null, apiKey: req.headers['x-api-key'] ?? null }));
    return app;
  };

  it('forwards a bearer token instead of the key, exchanging once until near expiry', async () => {
    const app = gateway();
    const first = await request(app).get('/api/v1/organisations').set('x-api-key', GOOD).expect(200);
    expect(first.body).toEqual({ authorization: 'Bearer tok-1', apiKey: null });
    await request(app).get('/api/v1/organisations').set('x-api-key', GOOD).expect(200, { authorization: 'Bearer tok-1', apiKey: null });
    expect(exchanged).toHaveLength(1);
    clock += 850_000;
    await request(app).get('/api/v1/organisations').set('x-api-key', GOOD).expect(200, { authorization: 'Bearer tok-2', apiKey: null });
  });

  it('answers what the agreements service answers for a bad key, and never forwards a key', async () => {
    const app = gateway();
    const res = await request(app).get('/api/v1/organisations').set('x-api-key', key('bad')).expect(401);
    expect(res.body.error.code).toBe('INVALID_API_KEY');
    await request(app).get('/x').set('x-api-key', key('bad')).set('authorization', 'Bearer mine').expect(200, { authorization: 'Bearer mine', apiKey: null });
    // The exchange endpoint itself gets the key.
    await request(app).post('/api/v1/api-keys/token').set('x-api-key', GOOD).expect(200, { authorization: null, apiKey: GOOD });
  });

  it('refuses, from memory, a key that is not of the issued form or that was refused before', async () => {
    const app = gateway();
    for (const junk of ['nope', `${GOOD} `.repeat(2), 'ipt_XYZ_abc']) {
      const res = await request(app).get('/api/v1/follow-ups').set('x-api-key', junk).expect(401);
      expect(res.body.error.code).toBe('INVALID_API_KEY');
    }
    expect(exchanged).toHaveLength(0);
    for (let i = 0; i < 5; i++) await request(app).get('/api/v1/follow-ups').set('x-api-key', key('dead')).expect(401);
    expect(exchanged).toHaveLength(1);
    // Also on the exchange endpoint, and in GraphQL's shape on /graphql.
    await request(app).post('/api/v1/api-keys/token').set('x-api-key', key('dead')).expect(401);
    const graph = await request(app).post('/graphql').set('x-api-key', key('dead')).set('accept-language', 'uk').expect(401);
    expect(graph.body).toEqual({
      errors: [
        {
          message: 'API-ключ недійсний, прострочений або відкликаний.',
          extensions: {
            code: 'INVALID_API_KEY',
            status: 401,
            language: 'uk',
            reviewed: false,
            developerMessage: 'The API key is not valid, expired or revoked',
          },
        },
      ],
    });
    expect(exchanged).toHaveLength(1);
  });

  it('stops asking about new keys from an address whose keys were refused too often', async () => {
    const refusedBy = new Map<string, number>();
    const gate: InvalidKeyGate = {
      blockedFor: async (address) => ((refusedBy.get(address) ?? 0) >= 3 ? 42 : undefined),
      record: async (address) => void refusedBy.set(address, (refusedBy.get(address) ?? 0) + 1),
    };
    const app = gateway(gate);
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++)
      statuses.push(
        (
          await request(app)
            .get('/api/v1/follow-ups')
            .set('x-api-key', key(`a${i}`))
        ).status,
      );
    expect(statuses).toEqual([401, 401, 401, 429, 429, 429]);
    expect(exchanged).toHaveLength(3);
    const limited = await request(app)
      .post('/api/v1/api-keys/token')
      .send({ apiKey: key('b') })
      .expect(429);
    expect(limited.headers['retry-after']).toBe('42');
    // A key the gateway already holds a token for is not concerned.
    refusedBy.clear();
    await request(app).get('/api/v1/follow-ups').set('x-api-key', GOOD).expect(200);
    for (const address of refusedBy.keys()) refusedBy.set(address, 99);
    await request(app).get('/api/v1/follow-ups').set('x-api-key', GOOD).expect(200);
  });

  it('refuses a revoked key, and tokens traded for it, once the list of revoked keys says so', async () => {
    const app = gateway();
    await request(app).get('/api/v1/follow-ups').set('x-api-key', GOOD).expect(200);
    const token = partnerToken(GOOD_UUID);
    await request(app).get('/api/v1/follow-ups').set('authorization', `Bearer ${token}`).expect(200);
    revoked = [GOOD_UUID];
    // Past half the bound the list in hand is still used, and a fresh one is asked for meanwhile …
    clock += 3_000;
    await request(app).get('/api/v1/follow-ups').set('x-api-key', GOOD).expect(200);
    await new Promise((r) => setTimeout(r, 100));
    const res = await request(app).get('/api/v1/follow-ups').set('x-api-key', GOOD).expect(401);
    expect(res.body.error.code).toBe('INVALID_API_KEY');
    // … and past the bound a request waits for a fresh list.
    revoked = [GOOD_UUID, '11111111-89ab-cdef-0123-456789abcdef'];
    clock += 6_000;
    const asked = listAsked;
    await request(app)
      .get('/x')
      .set('authorization', `Bearer ${partnerToken('11111111-89ab-cdef-0123-456789abcdef')}`)
      .expect(401);
    expect(listAsked).toBe(asked + 1);
    const bearer = await request(app).get('/api/v1/follow-ups').set('authorization', `Bearer ${token}`).expect(401);
    expect(bearer.body.error.code).toBe('UNAUTHORIZED');
    // Other partner tokens and people's tokens pass.
    await request(app)
      .get('/x')
      .set('authorization', `Bearer ${partnerToken('99999999-89ab-cdef-0123-456789abcdef')}`)
      .expect(200);
    await request(app).get('/x').set('authorization', 'Bearer people.token.here').expect(200);
  });

  it('refuses partner-app credentials with 503 while no recent list of revoked keys can be had', async () => {
    const app = gateway();
    await request(app).get('/api/v1/follow-ups').set('x-api-key', GOOD).expect(200);
    const down = new ApiKeyExchange({
      agreementsUrl: 'http://127.0.0.1:9',
      timeoutMs: 500,
      partnerIssuer: PARTNER_ISSUER,
      revocations: new ApiKeyRevocations({ agreementsUrl: 'http://127.0.0.1:9', boundMs: 5_000, timeoutMs: 500 }),
    });
    const broken = express();
    broken.use(down.middleware());
    broken.use((_req, res) => res.json({}));
    const res = await request(broken)
      .get('/api/v1/follow-ups')
      .set('authorization', `Bearer ${partnerToken(GOOD_UUID)}`)
      .expect(503);
    expect(res.body.error.code).toBe('UPSTREAM_UNAVAILABLE');
    await request(broken).get('/api/v1/follow-ups').set('authorization', 'Bearer people.token.here').expect(200);
  });
});

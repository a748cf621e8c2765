/**
 * Security #5: forged, expired and misdirected tokens against every service directly and through
 * the gateway (REST and GraphQL), and partners' tokens on another organisation's resources. Every one
 * must be refused (401, or 403 / 404 where the service hides existence) and change nothing.
 */
import { createHmac, createPrivateKey, createSign } from 'node:crypto';
import type { JWK } from 'jose';
import supertest from 'supertest';
import { createTestTokens, type TestTokens } from '@inps/shared';
import { startGateway, type RunningGateway } from '../../services/gateway/test/stack';
import { auth, rowCounts, startSecurityStack, type SecurityStack } from './support/security-stack';

jest.setTimeout(300_000);

const b64 = (v: unknown): string => Buffer.from(typeof v === 'string' ? v : JSON.stringify(v)).toString('base64url');
const partsOf = (token: string) => {
  const [h, p, s] = token.split('.') as [string, string, string];
  return {
    header: JSON.parse(Buffer.from(h, 'base64url').toString()) as Record<string, unknown>,
    payload: JSON.parse(Buffer.from(p, 'base64url').toString()) as Record<string, unknown>,
    h,
    p,
    s,
  };
};
/** ES256 with the stack's own key: for claims DevTokenIssuer cannot produce (no exp, nbf ahead). */
function signEs256(jwk: JWK, header: Record<string, unknown>, payload: Record<string, unknown>): string {
  const input = `${b64(header)}.${b64(payload)}`;
  const signer = createSign('SHA256');
  signer.update(input);
  const sig = signer.sign({ key: createPrivateKey({ key: jwk as never, format: 'jwk' }), dsaEncoding: 'ieee-p1363' });
  return `${input}.${sig.toString('base64url')}`;
}
const hs256 = (secret: string | Buffer, payload: Record<string, unknown>): string => {
  const input = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64(payload)}`;
  return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
};

const LAST_SEMESTER = (() => {
  const now = new Date();
  const y = now.getUTCFullYear();
  return now.getUTCMonth() >= 6 ? `${y}S1` : `${y - 1}S2`;
})();

describe('tokens: forged, expired, misdirected and cross-organisation', () => {
  let stack: SecurityStack;
  let gw: RunningGateway;
  let tokens: TestTokens;
  let torinoScreening: string;
  const bad: Record<string, string> = {};
  const http = (name: 'questionnaire' | 'agreements' | 'monitoring') => supertest(stack.services[name].url);

  beforeAll(async () => {
    stack = await startSecurityStack();
    gw = await startGateway(stack);
    tokens = stack.tokens;
    const central = await tokens.central();
    const c = partsOf(central);
    const now = Math.floor(Date.now() / 1000);
    const claims = { ...c.payload, iat: now, exp: now + 600 };
    bad.expired = await tokens.issue(
      { sub: 'sec-central', roles: ['central'], territories: ['IT'] },
      { issuedAt: new Date(Date.now() - 7_200_000), expiresIn: 600 },
    );
    bad['wrong issuer'] = await tokens.issue(
      { sub: 'sec-central', roles: ['central'], territories: ['IT'] },
      { issuer: 'https://attacker.example/realms/inps' },
    );
    bad['wrong audience'] = await tokens.issue({ sub: 'sec-central', roles: ['central'], territories: ['IT'] }, { audience: 'some-other-api' });
    bad['alg none'] = `${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims)}.`;
    bad['alg none, no dot'] = `${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims)}`;
    bad['HS256 "secret"'] = hs256('secret', claims);
    bad['HS256 "inps-per-tutti"'] = hs256('inps-per-tutti', claims);
    // Key confusion: the public key itself used as an HMAC secret.
    bad['HS256 public key as secret'] = hs256(JSON.stringify(tokens.publicJwk), claims);
    bad['HS256 public x as secret'] = hs256(Buffer.from(String(tokens.publicJwk.x), 'base64url'), claims);
    // Tampered payload: an operator's token turned into central's, signature kept.
    const op = partsOf(await tokens.operator('caritas-roma'));
    bad['tampered payload'] = `${op.h}.${b64({ ...op.payload, roles: ['central'], realm_access: { roles: ['central'] }, territories: ['IT'] })}.${op.s}`;
    bad['tampered header (kid)'] = `${b64({ ...op.header, kid: '../../../../dev/null' })}.${op.p}.${op.s}`;
    bad['signature stripped'] = `${op.h}.${op.p}.`;
    bad['another key'] = await (await createTestTokens()).central();
    bad['no exp'] = signEs256(tokens.signingJwk, { alg: 'ES256', typ: 'JWT', kid: op.header.kid }, { ...claims, exp: undefined });
    bad['not yet valid (nbf +1h)'] = signEs256(tokens.signingJwk, { alg: 'ES256', typ: 'JWT', kid: op.header.kid }, { ...claims, nbf: now + 3600 });
    // The partner-app issuer may only ever carry partner_app.
    bad['partner-app issuer claiming central'] = await tokens.issue(
      { sub: 'app', roles: ['central'], territories: ['IT'] },
      { issuer: 'urn:inps-per-tutti:partner-apps' },
    );
    bad.garbage = 'not.a.jwt';

    const operatorTorino = await tokens.operator('caritas-torino');
    const s = await gw.http.post('/api/v1/screenings').set(auth(operatorTorino)).send({ mode: 'operator', territory: '001272', language: 'it' }).expect(201);
    torinoScreening = (s.body as { id: string }).id;
  });
  afterAll(async () => {
    await gw?.close();
    await stack?.close();
  });

  /** An authenticated read per service, and the same through the gateway. */
  const READS = [
    { service: 'agreements', path: '/api/v1/organisations' },
    { service: 'monitoring', path: '/api/v1/follow-ups' },
    { service: 'questionnaire', path: () => `/api/v1/screenings/${torinoScreening}` },
  ] as const;

  it('control: a genuine token is accepted by each service and by the gateway', async () => {
    const central = await tokens.central();
    const operator = await tokens.operator('caritas-torino');
    for (const r of READS) {
      const path = typeof r.path === 'function' ? r.path() : r.path;
      const token = r.service === 'agreements' ? central : operator;
      expect([r.service, (await http(r.service).get(path).set(auth(token))).status]).toEqual([r.service, 200]);
      expect(['gateway', path, (await gw.http.get(path).set(auth(token))).status]).toEqual(['gateway', path, 200]);
    }
  });

  it('refuses every forged or misdirected token with 401 at each service and through the gateway (REST)', async () => {
    const accepted: string[] = [];
    for (const [name, token] of Object.entries(bad)) {
      for (const r of READS) {
        const path = typeof r.path === 'function' ? r.path() : r.path;
        for (const [where, client] of [
          [r.service, http(r.service)],
          ['gateway', gw.http],
        ] as const) {
          const res = await client.get(path).set(auth(token));
          const code = (res.body as { error?: { code?: string } })?.error?.code;
          if (res.status !== 401 || !code) accepted.push(`${name} → ${where} GET ${path}: ${res.status} ${code ?? res.text.slice(0, 80)}`);
        }
      }
    }
    expect(accepted).toEqual([]);
  });

  it('refuses forged tokens on public routes too, and stores nothing', async () => {
    const before = await rowCounts(stack.databases.questionnaire);
    const wrong: string[] = [];
    for (const [name, token] of Object.entries(bad)) {
      for (const [where, client] of [
        ['questionnaire', http('questionnaire')],
        ['gateway', gw.http],
      ] as const) {
        for (const body of [
          { mode: 'self', language: 'en' },
          { mode: 'operator', territory: '058091', language: 'it' },
        ]) {
          const res = await client.post('/api/v1/screenings').set(auth(token)).send(body);
          if (res.status !== 401) wrong.push(`${name} → ${where} POST /api/v1/screenings ${body.mode}: ${res.status}`);
        }
      }
    }
    expect(wrong).toEqual([]);
    expect(await rowCounts(stack.databases.questionnaire)).toEqual(before);
  });

  it('refuses forged tokens on GraphQL through the gateway (and at each subgraph)', async () => {
    const wrong: string[] = [];
    const probes = [
      { service: 'agreements', query: '{ organisations { id } }' },
      { service: 'questionnaire', query: `{ screening(id: "${torinoScreening}") { id } }` },
    ] as const;
    for (const [name, token] of Object.entries(bad)) {
      for (const p of probes) {
        for (const [where, client] of [
          [p.service, http(p.service)],
          ['gateway', gw.http],
        ] as const) {
          const res = await client
            .post('/graphql')
            .set(auth(token))
            .set('content-type', 'application/json')
            .send(JSON.stringify({ query: p.query }));
          const body = res.body as { data?: Record<string, unknown> | null; errors?: { extensions?: { code?: string } }[] };
          const hasData = !!body.data && Object.values(body.data).some((v) => v !== null);
          const codes = (body.errors ?? []).map((e) => e.extensions?.code);
          if (hasData || res.status >= 500 || codes.length === 0 || !codes.every((c) => c === 'UNAUTHORIZED')) {
            wrong.push(`${name} → ${where} ${p.query}: ${res.status} ${codes.join(',')} data=${hasData}`);
          }
        }
      }
    }
    expect(wrong).toEqual([]);
  });

  it('refuses malformed Authorization headers and forged API keys with a clean 401', async () => {
    const central = await tokens.central();
    const wrong: string[] = [];
    const headerValues = [
      `Basic ${Buffer.from('admin:admin').toString('base64')}`,
      `Bearer ${central} ${central}`,
      'Bearer',
      'Bearer ',
      `Token ${central}`,
      `Bearer ${'a'.repeat(20_000)}`,
      "Bearer ' OR 1=1 --",
    ];
    for (const value of headerValues) {
      for (const [where, client] of [
        ['agreements', http('agreements')],
        ['gateway', gw.http],
      ] as const) {
        const res = await client.get('/api/v1/organisations').set('authorization', value);
        // A 20 kB header may be cut off by the HTTP server itself (431).
        if (!(res.status === 401 || res.status === 431 || res.status === 400) || res.status >= 500)
          wrong.push(`${where} Authorization: ${value.slice(0, 30)}…: ${res.status}`);
      }
    }
    for (const key of ["' OR 1=1 --", 'x'.repeat(5000), '../../etc/passwd', '{"$gt":""}', 'inps_live_' + 'A'.repeat(40)]) {
      const res = await gw.http.get('/api/v1/follow-ups').set('x-api-key', key);
      if (res.status !== 401 && res.status !== 431) wrong.push(`gateway x-api-key ${key.slice(0, 20)}: ${res.status} ${res.text.slice(0, 100)}`);
    }
    // The token is not taken from the query string either.
    const inQuery = await gw.http.get(`/api/v1/organisations?access_token=${central}`);
    if (inQuery.status !== 401) wrong.push(`gateway ?access_token=: ${inQuery.status}`);
    expect(wrong).toEqual([]);
  });

  describe("a caritas-roma token on caritas-torino's resources", () => {
    const ROMA = ['operator', 'partner_admin', 'partner_app'] as const;
    const token = (role: (typeof ROMA)[number]) =>
      role === 'operator'
        ? tokens.operator('caritas-roma')
        : role === 'partner_admin'
          ? tokens.partnerAdmin('caritas-roma')
          : tokens.partnerApp('caritas-roma');
    const returnBody = {
      datasetVersion: '2026.1',
      values: {
        peopleContacted: { total: 1 },
        peopleTakenInCharge: { total: 1 },
        needsFound: { total: 1, byNeedType: { ISEE: 1 } },
        needsResolved: { total: 1 },
        helpGiven: { total: 1 },
        applicationsFiled: { total: 0, byOutcome: { GRANTED: 0, REJECTED: 0, PENDING: 0 } },
        applicationsGranted: { total: 0 },
        applicationsRejected: { total: 0 },
      },
    };
    const ret = `/api/v1/returns/caritas-torino/001272/${LAST_SEMESTER}`;
    const keys = '/api/v1/organisations/caritas-torino/api-keys';
    const PROBES: { service: 'agreements' | 'monitoring' | 'questionnaire'; method: 'get' | 'put' | 'post'; path: () => string; body?: object }[] = [
      { service: 'monitoring', method: 'get', path: () => ret },
      { service: 'monitoring', method: 'put', path: () => ret, body: returnBody },
      { service: 'monitoring', method: 'post', path: () => `${ret}/transitions`, body: { action: 'submit' } },
      { service: 'monitoring', method: 'get', path: () => '/api/v1/returns?organisationId=caritas-torino' },
      { service: 'agreements', method: 'get', path: () => keys },
      { service: 'agreements', method: 'post', path: () => keys, body: { label: 'intruder' } },
      { service: 'questionnaire', method: 'get', path: () => `/api/v1/screenings/${torinoScreening}` },
      { service: 'questionnaire', method: 'post', path: () => `/api/v1/screenings/${torinoScreening}/complete` },
    ];

    it('is refused (403/404) directly and through the gateway, and changes nothing', async () => {
      const before = {
        m: await rowCounts(stack.databases.monitoring),
        a: await rowCounts(stack.databases.agreements),
        q: await rowCounts(stack.databases.questionnaire),
      };
      const wrong: string[] = [];
      for (const role of ROMA) {
        const t = await token(role);
        for (const p of PROBES) {
          for (const [where, client] of [
            [p.service, http(p.service)],
            ['gateway', gw.http],
          ] as const) {
            let req = client[p.method](p.path()).set(auth(t));
            if (p.body) req = req.set('content-type', 'application/json').send(JSON.stringify(p.body));
            const res = await req;
            const listOk = p.path().includes('?organisationId=') && res.status === 200 && !res.text.includes('caritas-torino');
            if (![403, 404].includes(res.status) && !listOk)
              wrong.push(`${role}(caritas-roma) → ${where} ${p.method.toUpperCase()} ${p.path()}: ${res.status} ${res.text.slice(0, 120)}`);
          }
        }
      }
      expect(wrong).toEqual([]);
      const after = {
        m: await rowCounts(stack.databases.monitoring),
        a: await rowCounts(stack.databases.agreements),
        q: await rowCounts(stack.databases.questionnaire),
      };
      expect(after).toEqual(before);
    });

    it('is refused with an API key of caritas-roma through the gateway', async () => {
      const created = await gw.http
        .post('/api/v1/organisations/caritas-roma/api-keys')
        .set(auth(await tokens.partnerAdmin('caritas-roma')))
        .send({ label: 'sec' })
        .expect(201);
      const key = (created.body as { key: string }).key;
      const before = await rowCounts(stack.databases.monitoring);
      for (const p of PROBES.filter((x) => x.service !== 'questionnaire')) {
        let req = gw.http[p.method](p.path()).set('x-api-key', key);
        if (p.body) req = req.set('content-type', 'application/json').send(JSON.stringify(p.body));
        const res = await req;
        const listOk = p.path().includes('?organisationId=') && res.status === 200 && !res.text.includes('caritas-torino');
        if (!listOk) expect(`${p.method} ${p.path()} ${res.status}`).toMatch(/ (403|404)$/);
      }
      expect(await rowCounts(stack.databases.monitoring)).toEqual(before);
    });
  });
});

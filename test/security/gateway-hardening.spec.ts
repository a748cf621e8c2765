/**
 * Security #6: findings of an outside test of the running stack, each probed through real gateways
 * in front of the three real services.
 *
 * 1. A revoked API key stops working within API_KEY_REVOCATION_SECONDS on every gateway replica,
 *    whether the app sends X-Api-Key or a bearer token it traded the key for.
 * 2. Rate limits count operations: every root field of every operation of a GraphQL request
 *    (aliases and batches included) draws on the same bucket as the REST route of its class.
 * 3. Unverifiable credentials (random API keys, forged tokens with random subjects) fall into the
 *    address's bucket, and junk keys from one address stop reaching the agreements service.
 * 4. Hygiene: CORS answers only configured origins and never allows credentials; no answer says
 *    what runs behind the gateway; a body over the limit gets a readable 413 from Node's fetch.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { connect } from 'node:net';
import { startGateway, type RunningGateway } from '../../services/gateway/test/stack';
import { auth, countingProxy, startSecurityStack, type CountingProxy, type SecurityStack } from './support/security-stack';

jest.setTimeout(300_000);

type GraphQLAnswer = { data?: unknown; errors?: { message: string; extensions?: Record<string, unknown> }[] };

const b64 = (v: unknown): string => Buffer.from(JSON.stringify(v)).toString('base64url');
const randomKey = (): string => `ipt_${randomBytes(16).toString('hex')}_${randomBytes(32).toString('base64url')}`;
/** Each test sends from addresses of its own (the gateways trust one X-Forwarded-For hop). */
let lastOctet = 10;
const freshAddress = (): string => `198.51.100.${lastOctet++}`;

describe('gateway hardening (outside test findings)', () => {
  let stack: SecurityStack;
  /** The gateways must check tokens the way the services do: same issuer, audience and key. */
  let trust: Record<string, string>;

  beforeAll(async () => {
    stack = await startSecurityStack();
    trust = {
      AUTH_DEV_PUBLIC_JWK: JSON.stringify(stack.tokens.publicJwk),
      AUTH_ISSUER: stack.tokens.issuer,
      AUTH_AUDIENCE: stack.tokens.audience,
      TRUST_PROXY_HOPS: '1',
    };
  });
  afterAll(async () => {
    await stack?.close();
  });

  describe('1. revoking an API key', () => {
    const BOUND_SECONDS = 2;
    let replicas: RunningGateway[] = [];
    beforeAll(async () => {
      const env = { ...trust, API_KEY_REVOCATION_SECONDS: String(BOUND_SECONDS) };
      replicas = [await startGateway(stack, env), await startGateway(stack, env)];
    });
    afterAll(async () => {
      await Promise.all(replicas.map((g) => g.close()));
    });

    it('takes effect within API_KEY_REVOCATION_SECONDS on every replica, for X-Api-Key and for tokens traded for the key', async () => {
      const [one, two] = replicas as [RunningGateway, RunningGateway];
      const admin = await stack.tokens.partnerAdmin('caritas-roma');
      const created = await one.http.post('/api/v1/organisations/caritas-roma/api-keys').set(auth(admin)).send({ label: 'revocation probe' }).expect(201);
      const { key, id } = created.body as { key: string; id: string };
      const traded = await two.http.post('/api/v1/api-keys/token').set('x-api-key', key).send({}).expect(200);
      const bearer = (traded.body as { accessToken: string }).accessToken;

      const probes: Record<string, () => Promise<number>> = {
        'replica 1, X-Api-Key, REST': async () => (await one.http.get('/api/v1/follow-ups').set('x-api-key', key)).status,
        'replica 2, X-Api-Key, REST': async () => (await two.http.get('/api/v1/follow-ups').set('x-api-key', key)).status,
        'replica 2, X-Api-Key, GraphQL': async () =>
          (await two.http.post('/graphql').set('content-type', 'application/json').set('x-api-key', key).send({ query: '{ organisations { id } }' })).status,
        'replica 1, traded bearer token': async () => (await one.http.get('/api/v1/follow-ups').set(auth(bearer))).status,
        'replica 2, traded bearer token': async () => (await two.http.get('/api/v1/follow-ups').set(auth(bearer))).status,
      };
      // Every path works, and every replica has the key's token cached, before the revocation.
      for (const [name, probe] of Object.entries(probes)) expect({ name, status: await probe() }).toEqual({ name, status: 200 });

      await one.http.delete(`/api/v1/organisations/caritas-roma/api-keys/${id}`).set(auth(admin)).expect(200);
      const revokedAt = Date.now();
      const refusedAfter: Record<string, number | string> = {};
      await Promise.all(
        Object.entries(probes).map(async ([name, probe]) => {
          for (;;) {
            const status = await probe();
            if (status === 401) return void (refusedAfter[name] = Date.now() - revokedAt);
            if (status !== 200) return void (refusedAfter[name] = `answered ${status}`);
            if (Date.now() - revokedAt > (BOUND_SECONDS + 3) * 1000) return void (refusedAfter[name] = 'still accepted');
            await new Promise((r) => setTimeout(r, 100));
          }
        }),
      );
      for (const [name, after] of Object.entries(refusedAfter)) {
        // A little slack over the bound for the request itself on a busy machine.
        expect({ name, refusedWithinBound: typeof after === 'number' && after <= BOUND_SECONDS * 1000 + 750, after }).toEqual({
          name,
          refusedWithinBound: true,
          after,
        });
      }
      // And it stays refused, with the documented code.
      const again = await two.http.get('/api/v1/follow-ups').set('x-api-key', key).expect(401);
      expect(again.body.error.code).toBe('INVALID_API_KEY');
      const graph = await two.http.post('/graphql').set('content-type', 'application/json').set('x-api-key', key).send({ query: '{ organisations { id } }' });
      expect(graph.status).toBe(401);
      expect(graph.body.errors[0].extensions.code).toBe('INVALID_API_KEY');
      expect((await one.http.get('/api/v1/follow-ups').set(auth(bearer))).status).toBe(401);
    });
  });

  describe('2. rate limits count operations, the same on REST and GraphQL', () => {
    let gw: RunningGateway;
    beforeAll(async () => {
      gw = await startGateway(stack, {
        ...trust,
        RATE_LIMIT_ANONYMOUS_PER_MINUTE: '40',
        RATE_LIMIT_RESUME_CODE_PER_MINUTE: '10',
        RATE_LIMIT_SCREENING_PER_MINUTE: '4',
      });
    });
    afterAll(async () => {
      await gw?.close();
    });

    const gql = (from: string, body: unknown) =>
      gw.http.post('/graphql').set('content-type', 'application/json').set('x-forwarded-for', from).send(JSON.stringify(body));
    const lookups = (n: number, offset = 0) =>
      `{ ${Array.from({ length: n }, (_, i) => `c${i}: screeningByResumeCode(resumeCode: "ABCD${2300 + offset + i}") { id }`).join(' ')} }`;
    const expectGraphQLRateLimited = (res: { status: number; headers: Record<string, string>; body: GraphQLAnswer }, field: string) => {
      expect(res.status).toBe(429);
      expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
      const error = res.body.errors?.[0];
      expect(error?.extensions).toMatchObject({ code: 'RATE_LIMITED', retryAfter: Number(res.headers['retry-after']) });
      expect(error?.extensions?.developerMessage).toContain(field);
    };

    it('counts resume-code lookups in aliases and batches against the bucket REST lookups use', async () => {
      const from = freshAddress();
      for (let i = 0; i < 6; i++) {
        const res = await gw.http.get(`/api/v1/screenings/by-code/ABCD${2340 + i}`).set('x-forwarded-for', from);
        expect(res.status).not.toBe(429);
      }
      // Two operations of three aliased lookups each: 6 + 6 > 10.
      const batch = await gql(from, [{ query: lookups(3) }, { query: lookups(3, 3) }]);
      expectGraphQLRateLimited(batch, 'screeningByResumeCode');
      const rest = await gw.http.get('/api/v1/screenings/by-code/ABCD2399').set('x-forwarded-for', from).expect(429);
      expect(rest.body.error.code).toBe('RATE_LIMITED');
      expect(Number(rest.headers['retry-after'])).toBeGreaterThan(0);

      // From the other side: one GraphQL request with more aliases than the limit, then REST is refused too.
      const other = freshAddress();
      expectGraphQLRateLimited(await gql(other, { query: lookups(11) }), 'screeningByResumeCode');
      await gw.http.get('/api/v1/screenings/by-code/ABCD2342').set('x-forwarded-for', other).expect(429);
    });

    it('applies the per-caller screening limit (evaluate, start) to GraphQL as to REST, in one bucket', async () => {
      const from = freshAddress();
      const evaluate = await gql(from, {
        query: '{ a: evaluateFacts(input: { facts: { age: 70 } }) { benefits { id } } b: evaluateFacts(input: { facts: { age: 71 } }) { benefits { id } } }',
      });
      expect(evaluate.status).toBe(200);
      await gw.http
        .post('/api/v1/screenings/evaluate')
        .set('x-forwarded-for', from)
        .send({ facts: { age: 70 } })
        .expect(200);
      await gw.http.post('/api/v1/screenings').set('x-forwarded-for', from).send({ mode: 'self' }).expect(201);
      // 4 used: the next start, on either API, is over the limit.
      expectGraphQLRateLimited(await gql(from, { query: 'mutation { startScreening(input: { mode: "self" }) { id } }' }), 'startScreening');
      await gw.http
        .post('/api/v1/screenings/evaluate')
        .set('x-forwarded-for', from)
        .send({ facts: { age: 70 } })
        .expect(429);
    });

    it('counts every root field against the general per-address limit', async () => {
      const from = freshAddress();
      const nine = `{ ${Array.from({ length: 9 }, (_, i) => `r${i}: ruleSets { id }`).join(' ')} }`;
      // A batch of 5 operations of 9 root fields each: 45 operations > 40, in one HTTP request.
      const res = await gql(
        from,
        Array.from({ length: 5 }, () => ({ query: nine })),
      );
      expectGraphQLRateLimited(res, 'ruleSets');
      await gw.http.get('/api/v1/rulesets').set('x-forwarded-for', from).expect(429);
    });
  });

  describe('3. junk credentials', () => {
    let proxy: CountingProxy;
    let gw: RunningGateway;
    beforeAll(async () => {
      proxy = await countingProxy(stack.services.agreements.url);
      gw = await startGateway(stack, {
        ...trust,
        AGREEMENTS_URL: proxy.url,
        RATE_LIMIT_ANONYMOUS_PER_MINUTE: '20',
        RATE_LIMIT_PER_MINUTE: '1000',
        RATE_LIMIT_INVALID_API_KEYS_PER_MINUTE: '5',
      });
    });
    afterAll(async () => {
      await gw?.close();
      await proxy?.close();
    });
    const exchanges = () => proxy.count('/api/v1/api-keys/token');

    it('limits random API keys by address, and stops asking the agreements service about them', async () => {
      const from = freshAddress();
      proxy.reset();
      const statuses: number[] = [];
      for (let i = 0; i < 30; i++) statuses.push((await gw.http.get('/api/v1/follow-ups').set('x-forwarded-for', from).set('x-api-key', randomKey())).status);
      expect(statuses.every((s) => s === 401 || s === 429)).toBe(true);
      expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(10);
      expect(exchanges()).toBeLessThanOrEqual(5);
      // The exchange endpoint itself is gated the same way (body or header).
      await gw.http.post('/api/v1/api-keys/token').set('x-forwarded-for', from).send({ apiKey: randomKey() }).expect(429);
      expect(exchanges()).toBeLessThanOrEqual(5);
    });

    it('asks about one junk key once, however often it is repeated', async () => {
      const from = freshAddress();
      const key = randomKey();
      proxy.reset();
      for (let i = 0; i < 8; i++) {
        const res = await gw.http.get('/api/v1/follow-ups').set('x-forwarded-for', from).set('x-api-key', key).expect(401);
        expect(res.body.error.code).toBe('INVALID_API_KEY');
      }
      expect(exchanges()).toBe(1);
    });

    it('limits forged tokens with random subjects by address, while a real token from that address keeps its own bucket', async () => {
      const from = freshAddress();
      const now = Math.floor(Date.now() / 1000);
      const forged = () => {
        const claims = { iss: stack.tokens.issuer, aud: stack.tokens.audience, sub: randomUUID(), roles: ['central'], iat: now, exp: now + 600 };
        return Math.random() < 0.5
          ? `${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims)}.`
          : `${b64({ alg: 'ES256', typ: 'JWT' })}.${b64(claims)}.${randomBytes(64).toString('base64url')}`;
      };
      const statuses: number[] = [];
      for (let i = 0; i < 30; i++) statuses.push((await gw.http.get('/api/v1/rulesets').set('x-forwarded-for', from).set(auth(forged()))).status);
      expect(statuses.slice(0, 20).every((s) => s === 401)).toBe(true);
      expect(statuses.slice(20).every((s) => s === 429)).toBe(true);
      const operator = await stack.tokens.operator('caritas-roma');
      await gw.http.get('/api/v1/rulesets').set('x-forwarded-for', from).set(auth(operator)).expect(200);
      // GraphQL answers the refusal in its own shape.
      const graph = await gw.http
        .post('/graphql')
        .set('content-type', 'application/json')
        .set('x-forwarded-for', from)
        .set(auth(forged()))
        .send({ query: '{ ruleSets { id } }' });
      expect(graph.status).toBe(429);
      expect(graph.body.errors[0].extensions.code).toBe('RATE_LIMITED');
    });
  });

  describe('4. hygiene', () => {
    let plain: RunningGateway;
    let withOrigins: RunningGateway;
    let small: RunningGateway;
    beforeAll(async () => {
      plain = await startGateway(stack, trust);
      withOrigins = await startGateway(stack, { ...trust, CORS_ORIGINS: 'https://app.example' });
      small = await startGateway(stack, { ...trust, BODY_LIMIT: '64kb', BODY_DRAIN_LIMIT: '1mb' });
    });
    afterAll(async () => {
      await Promise.all([plain, withOrigins, small].map((g) => g?.close()));
    });

    const preflight = (g: RunningGateway, path: string, origin: string) =>
      fetch(`${g.url}${path}`, {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type, authorization' },
      });

    it('answers CORS only for configured origins, and never allows credentials', async () => {
      for (const path of ['/graphql', '/api/v1/screenings/evaluate', '/api/v1/organisations']) {
        for (const g of [plain, withOrigins]) {
          const res = await preflight(g, path, 'https://evil.example');
          expect({
            path,
            allowOrigin: res.headers.get('access-control-allow-origin'),
            credentials: res.headers.get('access-control-allow-credentials'),
          }).toEqual({
            path,
            allowOrigin: null,
            credentials: null,
          });
          expect(res.status).toBeLessThan(500);
        }
        const allowed = await preflight(withOrigins, path, 'https://app.example');
        expect(allowed.status).toBe(204);
        expect(allowed.headers.get('access-control-allow-origin')).toBe('https://app.example');
        expect(allowed.headers.get('access-control-allow-credentials')).toBeNull();
        expect(allowed.headers.get('vary')).toMatch(/origin/i);
      }
      // Actual (non-preflight) answers follow the same rule.
      const post = await fetch(`${plain.url}/graphql`, {
        method: 'POST',
        headers: { origin: 'https://evil.example', 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ ruleSets { id } }' }),
      });
      expect(post.status).toBe(200);
      expect(post.headers.get('access-control-allow-origin')).toBeNull();
      expect(post.headers.get('access-control-allow-credentials')).toBeNull();
      const rest = await fetch(`${withOrigins.url}/api/v1/rulesets`, { headers: { origin: 'https://app.example' } });
      expect(rest.headers.get('access-control-allow-origin')).toBe('https://app.example');
      expect(rest.headers.get('access-control-allow-credentials')).toBeNull();
    });

    it('says on no answer what runs behind it (X-Powered-By, Server)', async () => {
      // The services themselves do say it: the gateway must not pass it on.
      expect((await fetch(`${stack.services.questionnaire.url}/api/v1/rulesets`)).headers.get('x-powered-by')).not.toBeNull();
      const answers = [
        await fetch(`${plain.url}/api/v1/rulesets`),
        await fetch(`${plain.url}/api/v1/screenings/00000000-0000-4000-8000-000000000000`),
        await fetch(`${plain.url}/api/v1/nothing-here`),
        await fetch(`${plain.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{ ruleSets { id } }"}' }),
        await fetch(`${plain.url}/health/ready`),
        await fetch(`${plain.url}/openapi.json`),
        await preflight(plain, '/api/v1/rulesets', 'https://evil.example'),
      ];
      for (const res of answers) {
        expect({ url: res.url, poweredBy: res.headers.get('x-powered-by'), server: res.headers.get('server') }).toEqual({
          url: res.url,
          poweredBy: null,
          server: null,
        });
      }
    });

    /**
     * Node's fetch sends `total` bytes with a declared Content-Length (or chunked), a piece at a
     * time, from a stream that records how much it was let send.
     */
    async function fetchUpload(path: string, total: number, declared: boolean): Promise<{ status?: number; code?: string; error?: string; sent: number }> {
      let sent = 0;
      const body = new ReadableStream<Uint8Array>({
        async pull(controller) {
          if (sent >= total) return controller.close();
          await new Promise((r) => setTimeout(r, 1));
          const n = Math.min(16 * 1024, total - sent);
          sent += n;
          controller.enqueue(new Uint8Array(n).fill(0x20));
        },
      });
      const headers: Record<string, string> = { 'content-type': 'application/json', 'x-forwarded-for': freshAddress() };
      if (declared) headers['content-length'] = String(total);
      try {
        const res = await fetch(`${small.url}${path}`, { method: 'POST', headers, body, duplex: 'half' } as RequestInit);
        const answer = (await res.json()) as { error?: { code: string }; errors?: { extensions: { code: string } }[] };
        return { status: res.status, code: answer.error?.code ?? answer.errors?.[0]?.extensions.code, sent };
      } catch (error) {
        const cause = (error as { cause?: { code?: string; message?: string } }).cause;
        return { error: cause?.code ?? cause?.message ?? String(error), sent };
      }
    }

    /**
     * A client that sends its whole body before it reads anything (as many HTTP clients do, and as
     * Node's fetch does when the answer arrives after the reset): it gets the answer only if the
     * gateway lets it finish sending instead of resetting the connection.
     */
    function sendAllThenRead(path: string, total: number): Promise<{ statusLine: string; body: string; writeError?: string; sent: number }> {
      const { port } = new URL(small.url);
      return new Promise((resolve) => {
        const socket = connect(Number(port), '127.0.0.1');
        socket.pause();
        let sent = 0;
        let writeError: string | undefined;
        let received = '';
        socket.on('error', (error: NodeJS.ErrnoException) => (writeError ??= error.code ?? error.message));
        socket.on('connect', () => {
          (async () => {
            socket.write(
              `POST ${path} HTTP/1.1\r\nhost: gateway\r\ncontent-type: application/json\r\ncontent-length: ${total}\r\nx-forwarded-for: ${freshAddress()}\r\n\r\n`,
            );
            while (sent < total && !socket.destroyed) {
              const n = Math.min(16 * 1024, total - sent);
              await new Promise<void>((r) => socket.write(Buffer.alloc(n, 0x20), () => r()));
              sent += n;
              // Still sending when the answer comes, as over any real network.
              if (sent < 1024 * 1024) await new Promise((r) => setTimeout(r, 1));
            }
            socket.on('data', (c: Buffer) => (received += c.toString('utf8')));
            socket.resume();
            setTimeout(() => {
              socket.destroy();
              const [head = '', body = ''] = received.split('\r\n\r\n');
              resolve({ statusLine: head.split('\r\n')[0] ?? '', body, writeError, sent });
            }, 300);
          })().catch((error: unknown) => (writeError ??= String(error)));
        });
      });
    }

    it.each([
      ['REST, declared length', '/api/v1/screenings/evaluate', true],
      ['REST, chunked', '/api/v1/screenings/evaluate', false],
      ['GraphQL, declared length', '/graphql', true],
      ['GraphQL, chunked', '/graphql', false],
    ] as const)('answers a body over the limit with a 413 that Node fetch reads (%s)', async (_label, path, declared) => {
      expect(await fetchUpload(path, 512 * 1024, declared)).toMatchObject({ status: 413, code: 'PAYLOAD_TOO_LARGE' });
    });

    it.each([
      ['REST', '/api/v1/screenings/evaluate'],
      ['GraphQL', '/graphql'],
    ] as const)('lets a client finish sending an oversized body, then answers it 413 (%s)', async (_label, path) => {
      const result = await sendAllThenRead(path, 512 * 1024);
      expect(result).toMatchObject({ statusLine: 'HTTP/1.1 413 Payload Too Large', writeError: undefined, sent: 512 * 1024 });
      expect(result.body).toContain('PAYLOAD_TOO_LARGE');
    });

    it.each([
      ['REST', '/api/v1/screenings/evaluate'],
      ['GraphQL', '/graphql'],
    ] as const)('stops reading an oversized body past BODY_DRAIN_LIMIT (%s)', async (_label, path) => {
      // Far more than BODY_DRAIN_LIMIT plus what the kernel's socket buffers take in: the connection
      // is cut well before the end, so what the gateway reads of a refused body is bounded.
      const result = await sendAllThenRead(path, 32 * 1024 * 1024);
      expect(result.writeError).toBeDefined();
      expect(result.sent).toBeLessThan(16 * 1024 * 1024);
    });
  });
});

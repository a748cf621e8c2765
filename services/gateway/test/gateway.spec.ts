import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { frameworkBody } from '@inps/shared';
import { composeSupergraph, normaliseSdl, subgraphFile, SUPERGRAPH_FILE } from '../src/supergraph/compose';
import { RESOURCE_OWNERS, UPSTREAM_NAMES } from '../src/upstreams/upstreams';
import { deadUrl, startGateway, startStack, type RunningGateway, type Stack } from './stack';

jest.setTimeout(180_000);

const STALE = 'The committed supergraph is stale: run `npm run supergraph` and commit services/gateway/subgraphs and supergraph.graphql';
const gql = (g: RunningGateway, body: unknown, token?: string) => {
  const r = g.http.post('/graphql').set('content-type', 'application/json');
  return (token ? r.set('authorization', `Bearer ${token}`) : r).send(JSON.stringify(body));
};

class Capture extends Writable {
  readonly lines: string[] = [];
  override _write(chunk: Buffer, _e: BufferEncoding, done: () => void): void {
    this.lines.push(
      ...chunk
        .toString('utf8')
        .split('\n')
        .filter((l) => l !== ''),
    );
    done();
  }
}

describe('gateway', () => {
  let stack: Stack;
  let hive: RunningGateway;
  let central: string;
  const logs = new Capture();

  beforeAll(async () => {
    stack = await startStack();
    hive = await startGateway(stack, { GATEWAY_RUNTIME: 'hive', CORS_ORIGINS: 'https://app.example' }, logs);
    central = await stack.tokens.central();
  });
  afterAll(async () => {
    await hive?.close();
    await stack?.close();
  });

  describe('supergraph', () => {
    it('matches what the services serve now (else: run npm run supergraph)', async () => {
      const live = [];
      for (const name of UPSTREAM_NAMES) {
        const res = await fetch(`${stack.services[name].url}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ query: '{ _service { sdl } }' }),
        });
        const sdl = normaliseSdl(((await res.json()) as { data: { _service: { sdl: string } } }).data._service.sdl);
        const committed = readFileSync(join(__dirname, '..', subgraphFile(name)), 'utf8');
        if (sdl !== committed) throw new Error(`${STALE} (subgraph ${name} differs)`);
        live.push({ name, sdl });
      }
      const composed = composeSupergraph(live);
      if (!composed.ok) throw new Error(`composition fails: ${composed.errors.join('; ')}`);
      if (composed.supergraph !== readFileSync(join(__dirname, '..', SUPERGRAPH_FILE), 'utf8')) throw new Error(`${STALE} (composition differs)`);
    });
  });

  describe.each(['hive', 'apollo'] as const)('GraphQL through %s', (runtime) => {
    let g: RunningGateway;
    let partial: RunningGateway;
    beforeAll(async () => {
      g = runtime === 'hive' ? hive : await startGateway(stack, { GATEWAY_RUNTIME: runtime });
      partial = await startGateway(stack, { GATEWAY_RUNTIME: runtime, MONITORING_URL: await deadUrl() });
    });
    afterAll(async () => {
      if (g !== hive) await g?.close();
      await partial?.close();
    });

    it('answers a query federated over three subgraphs, with the client token forwarded', async () => {
      const res = await gql(g, { query: '{ organisations { id name returns { semester } } ruleSets { id } }' }, central).expect(200);
      expect(res.body.errors).toBeUndefined();
      expect(res.body.data.organisations.length).toBeGreaterThan(0);
      expect(res.body.data.organisations[0]).toEqual({ id: expect.any(String), name: expect.any(String), returns: [] });
      expect(res.body.data.ruleSets.map((r: { id: string }) => r.id)).toContain('it-2026');
      expect(res.headers['cache-control']).toBe('no-store');
    });

    it('passes a subgraph refusal on with its code and no stack trace', async () => {
      const res = await gql(g, { query: '{ organisations { id } }' }).expect(200);
      expect(res.body.errors[0].extensions.code).toBe('UNAUTHORIZED');
      expect(JSON.stringify(res.body)).not.toMatch(/stack|at .+\.js:\d+/i);
    });

    it("answers errors in the client's language: the subgraph's (Accept-Language forwarded) and its own", async () => {
      const refused = await gql(g, { query: '{ organisations { id } }' }).set('accept-language', 'ro-RO,ro;q=0.9').expect(200);
      expect(refused.body.errors[0]).toMatchObject({
        message: 'Trebuie să vă autentificați: intrați cu datele de acces și încercați din nou.',
        extensions: { code: 'UNAUTHORIZED', language: 'ro', reviewed: false, developerMessage: expect.any(String) },
      });
      const typo = await gql(g, { query: '{ ruleSetz { id } }' }).set('accept-language', 'es');
      expect(typo.body.errors[0]).toMatchObject({
        message: 'La consulta GraphQL no corresponde al esquema.',
        extensions: { code: 'GRAPHQL_VALIDATION_FAILED', language: 'es', reviewed: false },
      });
      const tooDeep = `{ a: __type(name: "Query") { ${'fields { type { ofType { '.repeat(4)}name ${'} } } '.repeat(4)}} }`;
      const deep = await g.http
        .post('/graphql?language=fr')
        .set('content-type', 'application/json')
        .set('accept-language', 'ro')
        .send(JSON.stringify({ query: tooDeep }));
      expect(deep.status).toBe(400);
      expect(deep.body.errors[0]).toMatchObject({
        extensions: { code: 'QUERY_TOO_DEEP', language: 'fr', reviewed: false, developerMessage: expect.stringContaining('deep') },
      });
      expect(deep.body.errors[0].message).toBe('La requête GraphQL comporte trop de niveaux imbriqués.');
    });

    it('keeps serving when a subgraph is down: its fields fail, the rest works', async () => {
      const res = await gql(partial, { query: '{ organisations { id name returns { semester } } }' }, central);
      expect(res.body.errors?.length).toBeGreaterThan(0);
      // Monitoring's field on agreements' entity fails alone: the organisations keep their own data.
      expect(res.body.data.organisations.length).toBeGreaterThan(0);
      expect(res.body.data.organisations[0]).toEqual({ id: expect.any(String), name: expect.any(String), returns: null });
      // The failed subgraph request (with its variables) is not echoed to the client.
      expect(JSON.stringify(res.body)).not.toMatch(/representations|_entities/);
      const ok = await gql(partial, { query: '{ organisations { id name } ruleSets { id } }' }, central).expect(200);
      expect(ok.body.errors).toBeUndefined();
      expect(ok.body.data.ruleSets.length).toBeGreaterThan(0);
    });

    it('refuses too deep, too many aliases, too costly and too large batches before execution', async () => {
      const deep = `{ ${'organisations { returns { '.repeat(1)}semester } } }`;
      expect((await gql(g, { query: deep }, central)).body.errors).toBeUndefined();
      const tooDeep = `{ a: __type(name: "Query") { ${'fields { type { ofType { '.repeat(4)}name ${'} } } '.repeat(4)}} }`;
      expect((await gql(g, { query: tooDeep }).expect(400)).body.errors[0].extensions.code).toBe('QUERY_TOO_DEEP');
      const aliases = `{ ${Array.from({ length: 20 }, (_, i) => `r${i}: ruleSets { id }`).join(' ')} }`;
      expect((await gql(g, { query: aliases }).expect(400)).body.errors[0].extensions.code).toBe('TOO_MANY_ALIASES');
      const costly =
        '{ organisations { returns { semester status organisationId territory dueDate } } territories(limit: 500) { items { name returns { semester } } } }';
      expect((await gql(g, { query: costly }).expect(400)).body.errors[0].extensions.code).toBe('QUERY_TOO_COSTLY');
      const batch = Array.from({ length: 6 }, () => ({ query: '{ ruleSets { id } }' }));
      expect((await gql(g, batch).expect(400)).body.errors[0].extensions.code).toBe('BATCH_TOO_LARGE');
    });

    it('refuses mutations over GET and GraphQL sent as a form (CSRF)', async () => {
      const get = await g.http.get('/graphql').query({ query: 'mutation { startScreening(input: { mode: "self", language: "en" }) { id } }' }).expect(405);
      expect(get.body.errors[0].extensions.code).toBe('MUTATION_NOT_ALLOWED');
      const form = await g.http.post('/graphql').set('content-type', 'application/x-www-form-urlencoded').send('query=mutation%7Bx%7D').expect(415);
      expect(form.body.errors[0].extensions.code).toBe('UNSUPPORTED_MEDIA_TYPE');
      const text = await g.http.post('/graphql').set('content-type', 'text/plain').send('{"query":"{ ruleSets { id } }"}').expect(415);
      expect(text.body.errors[0].extensions.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    });
  });

  describe('REST routing', () => {
    it('routes every path of every service document to its owner, from one table', async () => {
      for (const name of UPSTREAM_NAMES) {
        const doc = (await (await fetch(`${stack.services[name].url}/openapi.json`)).json()) as { paths: Record<string, unknown> };
        for (const path of Object.keys(doc.paths).filter((p) => p.startsWith('/api/'))) {
          const resource = /^\/api\/v1\/([^/]+)/.exec(path)?.[1] ?? '';
          expect({ path, owner: RESOURCE_OWNERS[resource] }).toEqual({ path, owner: name });
        }
      }
    });

    it('passes answers and errors through unchanged, with no-store and the request id', async () => {
      const evaluated = await hive.http
        .post('/api/v1/screenings/evaluate')
        .set('x-request-id', 'gw-test-1')
        .send({ facts: { age: 70, citizenship: 'IT', yearsOfResidenceInItaly: 70, maritalStatus: 'WIDOWED', personalIncome: 4000 }, language: 'en' })
        .expect(200);
      expect(evaluated.body.benefits.length).toBeGreaterThan(0);
      expect(evaluated.headers['x-request-id']).toBe('gw-test-1');
      expect(evaluated.headers['cache-control']).toBe('no-store');
      const invalid = await hive.http
        .post('/api/v1/screenings/evaluate')
        .set('accept-language', 'bn')
        .send({ facts: { age: 'old' } })
        .expect(400);
      // Accept-Language reaches the service, which answers in it.
      expect(invalid.body.error).toMatchObject({ code: 'VALIDATION_FAILED', language: 'bn', reviewed: false });
      expect(invalid.headers['content-language']).toBe('bn');
      const unauth = await hive.http.get('/api/v1/agreements').expect(401);
      expect(unauth.body.error.code).toBe('UNAUTHORIZED');
      const listed = await hive.http.get('/api/v1/organisations').set('authorization', `Bearer ${central}`).expect(200);
      expect(listed.body).toBeDefined();
    });

    it('passes a PDF (the take-away sheet) through whole, with its type and disposition', async () => {
      const res = await hive.http
        .post('/api/v1/screenings/evaluate/sheet')
        .send({ facts: { age: 70, citizenship: 'IT' }, language: 'zh' })
        .buffer(true)
        .parse((answer, done) => {
          const chunks: Buffer[] = [];
          answer.on('data', (chunk: Buffer) => chunks.push(chunk));
          answer.on('end', () => done(null, Buffer.concat(chunks)));
        })
        .expect(200);
      const pdf = res.body as Buffer;
      expect(res.headers['content-type']).toBe('application/pdf');
      expect(res.headers['content-disposition']).toBe('inline; filename="inps-per-tutti-zh.pdf"');
      expect(res.headers['cache-control']).toBe('no-store');
      expect(Number(res.headers['content-length'])).toBe(pdf.length);
      expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      expect(pdf.subarray(-6).toString('latin1')).toContain('%%EOF');
    });

    it('answers 404 in the standard shape for a resource nobody owns', async () => {
      const res = await hive.http.get('/api/v1/nothing-here?x=1').expect(404);
      expect(res.body).toEqual({
        error: {
          code: 'NOT_FOUND',
          message: 'Quanto richiesto non esiste o non è visibile con le sue credenziali.',
          language: 'it',
          reviewed: true,
          developerMessage: 'No API resource at this path',
        },
      });
    });

    it('streams a document upload and its download byte for byte', async () => {
      const created = await hive.http.post('/api/v1/agreements').set('authorization', `Bearer ${central}`).send(frameworkBody('FW-GW-01')).expect(201);
      const pdf = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(1_500_000, 0x20), Buffer.from('\n%%EOF\n')]);
      const up = await hive.http
        .post(`/api/v1/agreements/${created.body.id}/documents`)
        .query({ name: 'Accordo.pdf' })
        .set('authorization', `Bearer ${central}`)
        .set('content-type', 'application/pdf')
        .send(pdf);
      // Larger than the gateway's JSON limit (1 MB): an upload is limited by the agreements service, not here.
      expect(up.status).toBe(201);
      const file = await hive.http
        .get(`/api/v1/agreements/${created.body.id}/documents/${up.body.id}`)
        .set('authorization', `Bearer ${central}`)
        .buffer(true)
        .parse((r, done) => {
          const chunks: Buffer[] = [];
          r.on('data', (c: Buffer) => chunks.push(c));
          r.on('end', () => done(null, Buffer.concat(chunks)));
        })
        .expect(200);
      expect(Buffer.compare(file.body as Buffer, pdf)).toBe(0);
      expect(file.headers.etag).toBe(`"${up.body.sha256}"`);
    });

    it('answers 503 in the standard shape at once when the owner is down', async () => {
      const g = await startGateway(stack, { QUESTIONNAIRE_URL: await deadUrl() });
      try {
        const res = await g.http.get('/api/v1/rulesets').expect(503);
        expect(res.body.error).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', language: 'it', developerMessage: expect.stringContaining('questionnaire') });
        const ready = await g.http.get('/health/ready').expect(200);
        expect(ready.body).toEqual({ status: 'degraded', upstreams: { questionnaire: 'down', agreements: 'up', monitoring: 'up' } });
      } finally {
        await g.close();
      }
    });

    it('serves one merged OpenAPI document, a docs page and health', async () => {
      const doc = await hive.http.get('/openapi.json').expect(200);
      expect(Object.keys(doc.body.paths)).toEqual(expect.arrayContaining(['/api/v1/screenings/evaluate', '/api/v1/agreements', '/api/v1/reports']));
      expect(doc.body.components.schemas.Error).toBeDefined();
      for (const ref of JSON.stringify(doc.body).match(/"#\/components\/schemas\/[^"]+"/g) ?? []) {
        expect(doc.body.components.schemas[JSON.parse(ref).split('/').pop()]).toBeDefined();
      }
      expect((await hive.http.get('/docs').redirects(1)).text).toContain('swagger');
      expect((await hive.http.get('/health/live').expect(200)).body).toEqual({ status: 'ok' });
      expect((await hive.http.get('/health/ready').expect(200)).body).toEqual({
        status: 'ok',
        upstreams: { questionnaire: 'up', agreements: 'up', monitoring: 'up' },
      });
    });
  });

  describe('security', () => {
    it('refuses JSON bodies over the limit, REST and GraphQL', async () => {
      const big = { facts: { age: 70 }, padding: 'x'.repeat(1_100_000) };
      const rest = await hive.http.post('/api/v1/screenings/evaluate').send(big).expect(413);
      expect(rest.body.error.code).toBe('PAYLOAD_TOO_LARGE');
      const graph = await gql(hive, { query: '{ ruleSets { id } }', variables: { padding: 'x'.repeat(1_100_000) } }).expect(413);
      expect(graph.body.errors[0].extensions.code).toBe('PAYLOAD_TOO_LARGE');
    });

    it('rate-limits anonymous addresses, screening entry points and clients, with 429 and Retry-After', async () => {
      const g = await startGateway(stack, {
        RATE_LIMIT_ANONYMOUS_PER_MINUTE: '3',
        RATE_LIMIT_SCREENING_PER_MINUTE: '2',
        RATE_LIMIT_PER_MINUTE: '4',
        REDIS_URL: 'redis://127.0.0.1:6379',
      });
      try {
        const statuses: number[] = [];
        for (let i = 0; i < 3; i++) statuses.push((await g.http.post('/api/v1/screenings/evaluate').send({ facts: { age: 70 } })).status);
        expect(statuses.slice(0, 2).every((s) => s !== 429)).toBe(true);
        const limited = await g.http
          .post('/api/v1/screenings/evaluate')
          .set('accept-language', 'es')
          .send({ facts: { age: 70 } })
          .expect(429);
        expect(limited.body).toEqual({
          error: {
            code: 'RATE_LIMITED',
            message: 'Demasiadas solicitudes en poco tiempo: espere un momento e inténtelo de nuevo.',
            language: 'es',
            reviewed: false,
            developerMessage: expect.any(String),
          },
        });
        expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
        // A client with a token has its own bucket, by subject.
        const operator = await stack.tokens.operator('caritas-roma');
        const codes: number[] = [];
        for (let i = 0; i < 5; i++) codes.push((await g.http.get('/api/v1/rulesets').set('authorization', `Bearer ${operator}`)).status);
        expect(codes.slice(0, 4)).toEqual([200, 200, 200, 200]);
        expect(codes[4]).toBe(429);
        const other = await stack.tokens.issue({ sub: 'another-operator', roles: ['operator'], org: 'anci' });
        await g.http.get('/api/v1/rulesets').set('authorization', `Bearer ${other}`).expect(200);
      } finally {
        await g.close();
      }
    });

    it.each(['hive', 'apollo'] as const)('turns introspection and field suggestions off when configured (the production default), %s', async (runtime) => {
      const g = await startGateway(stack, { GATEWAY_RUNTIME: runtime, GRAPHQL_INTROSPECTION: 'off' });
      try {
        const res = await gql(g, { query: '{ __schema { types { name } } }' }).expect(400);
        expect(res.body.errors[0].extensions.code).toBe('INTROSPECTION_DISABLED');
        const typo = await gql(g, { query: '{ organisatons { id } }' });
        expect(typo.body.errors[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
        expect(JSON.stringify(typo.body)).not.toMatch(/Did you mean/);
      } finally {
        await g.close();
      }
      const on = await gql(hive, { query: '{ __schema { queryType { name } } }' }).expect(200);
      expect(on.body.data.__schema.queryType.name).toBe('Query');
    });

    it('refuses a chunked JSON body once it passes the limit, without reading it all first', async () => {
      const http = await import('node:http');
      const { status, body } = await new Promise<{ status: number; body: string }>((resolve, reject) => {
        let answered = false;
        const req = http.request(
          `${hive.url}/api/v1/screenings/evaluate`,
          { method: 'POST', headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' } },
          (res) => {
            answered = true;
            let text = '';
            res.on('data', (c: Buffer) => (text += c.toString('utf8')));
            res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
          },
        );
        // The gateway answers and closes while we are still sending: a write error after the answer is expected.
        req.on('error', (error) => (answered ? undefined : reject(error)));
        req.write('{"facts":{"age":70},"padding":"');
        const chunk = 'x'.repeat(64 * 1024);
        let sent = 0;
        const pump = (): void => {
          while (sent < 2 * 1024 * 1024) {
            sent += chunk.length;
            if (!req.write(chunk)) return void req.once('drain', pump);
          }
          req.end('"}');
        };
        pump();
      });
      expect(status).toBe(413);
      expect(JSON.parse(body).error.code).toBe('PAYLOAD_TOO_LARGE');
    });

    it('sends security headers, and CORS only to allowed origins', async () => {
      const res = await hive.http.get('/health/live').set('origin', 'https://app.example');
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['content-security-policy']).toBeDefined();
      expect(res.headers['x-powered-by']).toBeUndefined();
      expect(res.headers['access-control-allow-origin']).toBe('https://app.example');
      const other = await hive.http.get('/health/live').set('origin', 'https://evil.example');
      expect(other.headers['access-control-allow-origin']).toBeUndefined();
    });

    it('logs no bodies, query strings, addresses or tokens', async () => {
      // A subgraph failure is logged by the runtime too: codes only, never the subgraph request.
      const partial = await startGateway(stack, { MONITORING_URL: await deadUrl() }, logs);
      await gql(partial, { query: '{ organisations { id returns { semester } } }', variables: { who: 'Mario Rossi RSSMRA80A01H501U' } }, central);
      await partial.close();
      expect(logs.lines.join('\n')).not.toMatch(/representations|caritas-roma/);
      const secrets = { query: 'resume-secret-QS', token: central, body: 'Mario Rossi RSSMRA80A01H501U', ip: '203.0.113.77' };
      await hive.http
        .get(`/api/v1/screenings/by-code/ABCD2345?who=${secrets.query}`)
        .set('authorization', `Bearer ${secrets.token}`)
        .set('x-forwarded-for', secrets.ip);
      await hive.http.post('/api/v1/screenings/evaluate').send({ facts: { age: 70 }, note: secrets.body });
      await gql(hive, { query: '{ ruleSets { id } }', variables: { who: secrets.body } }, secrets.token);
      const everything = logs.lines.join('\n');
      expect(logs.lines.length).toBeGreaterThan(0);
      for (const s of Object.values(secrets)) expect(everything).not.toContain(s);
      expect(everything).not.toContain('ABCD2345');
    });
  });
});

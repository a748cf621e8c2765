/**
 * Security #3: injection probes in every string input of the REST API, through the gateway.
 *
 * The operations come from the gateway's merged /openapi.json: every POST/PUT/PATCH with a JSON body,
 * every string property of that body (nested objects and arrays included). Each property gets SQL
 * (`' OR 1=1 --`, `'; DROP TABLE …; --`), a NoSQL-style operator object where a string is expected,
 * path traversal and CR/LF. Expected: never a 5xx; a refusal is a clean 4xx with the standard
 * `{error:{code,message}}` body and stores nothing (row counts of the three services' databases).
 * A text that is only data (SQL in a title) may be accepted, stored verbatim; an operator object may
 * never be. Plus: document names (?name=) with traversal and CR/LF, the Content-Disposition of
 * downloads, CR/LF in request headers, oversized bodies, wrong content types, malformed JSON.
 */
import net from 'node:net';
import supertest from 'supertest';
import { startGateway, type RunningGateway } from '../../services/gateway/test/stack';
import { auth, isStandardError, rowCounts, startSecurityStack, type SecurityStack } from './support/security-stack';

jest.setTimeout(300_000);

type Schema = {
  $ref?: string;
  type?: string;
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  enum?: unknown[];
  example?: unknown;
  allOf?: Schema[];
  oneOf?: Schema[];
  anyOf?: Schema[];
  format?: string;
  minimum?: number;
  minLength?: number;
};
type OpenApi = {
  paths: Record<string, Record<string, { requestBody?: { content?: Record<string, { schema?: Schema }> }; parameters?: { name: string; in: string }[] }>>;
  components?: { schemas?: Record<string, Schema> };
};

const TODAY = new Date().toISOString().slice(0, 10);
const LAST_SEMESTER = (() => {
  const now = new Date();
  const y = now.getUTCFullYear();
  return now.getUTCMonth() >= 6 ? `${y}S1` : `${y - 1}S2`;
})();
const NO_SUCH_ID = '00000000-0000-4000-8000-00000000beef';
const PDF = Buffer.from('%PDF-1.7\n1 0 obj << >> endobj\n%%EOF\n');

/** Payloads where a string is expected. `strict`: must be refused (4xx), whatever the field. */
const PAYLOADS: { name: string; value: unknown; strict: boolean }[] = [
  { name: 'sql or', value: "' OR 1=1 --", strict: false },
  { name: 'sql drop', value: "x'); DROP TABLE screening; DROP TABLE agreement; DROP TABLE follow_up; --", strict: false },
  { name: 'nosql operator', value: { $gt: '' }, strict: true },
  { name: 'nosql $ne', value: { $ne: null, $where: 'sleep(1000)' }, strict: true },
  { name: 'path traversal', value: '../../etc/passwd', strict: false },
  { name: 'crlf', value: 'a\r\nSet-Cookie: injected=1\r\n\r\n<script>', strict: false },
];

describe('injection probes through the gateway', () => {
  let stack: SecurityStack;
  let gw: RunningGateway;
  let doc: OpenApi;
  const t: Record<string, string | undefined> = {};
  const ids: Record<string, string> = {};

  const counts = async () => ({
    questionnaire: await rowCounts(stack.databases.questionnaire),
    agreements: await rowCounts(stack.databases.agreements),
    monitoring: await rowCounts(stack.databases.monitoring),
  });

  beforeAll(async () => {
    stack = await startSecurityStack();
    gw = await startGateway(stack);
    t.central = await stack.tokens.central();
    t.territorial = await stack.tokens.territorial(['12']);
    t.operator = await stack.tokens.operator('caritas-roma');
    t.partner_admin = await stack.tokens.partnerAdmin('caritas-roma');
    t.partner_app = await stack.tokens.partnerApp('caritas-roma');
    t.anonymous = undefined;

    const fw = await gw.http
      .post('/api/v1/agreements')
      .set(auth(t.central))
      .send({
        code: 'SEC-FW',
        kind: 'FRAMEWORK',
        title: 'Quadro',
        parties: [
          { organisationId: 'caritas-italiana', role: 'signatory', commitments: ['x'] },
          { inpsUnitId: 'dg', role: 'signatory', commitments: ['y'] },
        ],
        scope: ['IT'],
        term: { years: 3 },
        flags: { itChanges: false, dataExchange: false, costs: false },
      })
      .expect(201);
    ids.framework = fw.body.id;
    const ag = await gw.http
      .post('/api/v1/agreements')
      .set(auth(t.territorial))
      .send({
        code: 'SEC-TER',
        kind: 'TERRITORIAL',
        title: 'Protocollo',
        parentId: fw.body.id,
        parties: [
          { organisationId: 'caritas-roma', role: 'proponent', commitments: ['x'] },
          { inpsUnitId: 'dr-lazio', role: 'signatory', commitments: ['y'] },
        ],
        scope: ['058091'],
        term: { years: 1 },
        flags: { itChanges: false, dataExchange: false, costs: false },
      })
      .expect(201);
    ids.agreement = ag.body.id;
    const table = await gw.http
      .post('/api/v1/technical-tables')
      .set(auth(t.territorial))
      .send({ name: 'Tavolo', level: 'LOCAL', territoryCode: '058091', agreementId: ids.agreement });
    if (table.status === 201) ids.table = table.body.id;
    const self = await gw.http.post('/api/v1/screenings').send({ mode: 'self', language: 'it' }).expect(201);
    ids.screening = self.body.id;
    ids.resumeCode = self.body.resumeCode;
    ids.question = self.body.nextQuestion?.id ?? 'q';

    const res = await gw.http.get('/openapi.json').expect(200);
    doc = res.body as OpenApi;
  });
  afterAll(async () => {
    await gw?.close();
    await stack?.close();
  });

  const resolve = (s: Schema | undefined, depth = 0): Schema => {
    if (!s || depth > 8) return {};
    if (s.$ref) return resolve(doc.components?.schemas?.[s.$ref.split('/').pop() as string], depth + 1);
    if (s.allOf)
      return s.allOf
        .map((x) => resolve(x, depth + 1))
        .reduce<Schema>(
          (a, b) => ({ ...a, ...b, properties: { ...a.properties, ...b.properties }, required: [...(a.required ?? []), ...(b.required ?? [])] }),
          {},
        );
    const alt = s.oneOf ?? s.anyOf;
    if (alt) return resolve(alt.find((x) => resolve(x, depth + 1).type !== 'null') ?? alt[0], depth + 1);
    return s;
  };

  /** A plausible value for a schema: its example, first enum value, else by type. */
  const sample = (raw: Schema | undefined, depth = 0): unknown => {
    const s = resolve(raw);
    if (s.example !== undefined) return s.example;
    if (s.enum?.length) return s.enum[0];
    if (s.type === 'object' || s.properties) {
      const out: Record<string, unknown> = {};
      if (depth > 4) return out;
      for (const [k, v] of Object.entries(s.properties ?? {})) out[k] = sample(v, depth + 1);
      return out;
    }
    if (s.type === 'array') return depth > 4 ? [] : [sample(s.items, depth + 1)];
    if (s.type === 'integer' || s.type === 'number') return s.minimum ?? 1;
    if (s.type === 'boolean') return false;
    if (s.format === 'date') return TODAY;
    if (s.format === 'date-time') return `${TODAY}T10:00:00Z`;
    if (s.format === 'uuid') return NO_SUCH_ID;
    return 'x'.repeat(Math.max(1, s.minLength ?? 1));
  };

  /** Paths (as key lists) of every string property. */
  const stringPaths = (raw: Schema | undefined, prefix: (string | number)[] = [], depth = 0): (string | number)[][] => {
    const s = resolve(raw);
    if (depth > 5) return [];
    if (s.type === 'string' && !s.enum) return [prefix];
    if (s.type === 'array') return stringPaths(s.items, [...prefix, 0], depth + 1);
    if (s.type === 'object' || s.properties) return Object.entries(s.properties ?? {}).flatMap(([k, v]) => stringPaths(v, [...prefix, k], depth + 1));
    return [];
  };
  const setAt = (body: unknown, path: (string | number)[], value: unknown): unknown => {
    const copy = JSON.parse(JSON.stringify(body ?? {})) as Record<string | number, unknown>;
    let cur: Record<string | number, unknown> = copy;
    path.forEach((k, i) => {
      if (i === path.length - 1) cur[k] = value;
      else {
        if (typeof cur[k] !== 'object' || cur[k] === null) cur[k] = typeof path[i + 1] === 'number' ? [] : {};
        cur = cur[k] as Record<string | number, unknown>;
      }
    });
    return copy;
  };

  const EVENT_DAY = new Date(Date.now() + 60 * 86_400_000).toISOString().slice(0, 10);
  let n = 0;
  /** Valid bodies for the operations that create something, so that a probe reaches the database. */
  const VALID: Record<string, () => unknown> = {
    'post /api/v1/agreements': () => ({
      code: `SEC-INJ-${++n}`,
      kind: 'TERRITORIAL',
      title: 'Protocollo',
      legalBasis: 'Messaggio 1/2026',
      parentId: ids.framework,
      parties: [
        { organisationId: 'caritas-roma', role: 'proponent', commitments: ['sportello'] },
        { inpsUnitId: 'dr-lazio', role: 'signatory', commitments: ['consulenza'] },
      ],
      scope: ['058091'],
      term: { years: 1 },
      flags: { itChanges: false, dataExchange: false, costs: false },
    }),
    'post /api/v1/outreach-events': () => ({
      agreementId: ids.agreement,
      organisationId: 'caritas-roma',
      territoryCode: '058091',
      venueType: 'SOUP_KITCHEN',
      venueName: 'Mensa',
      address: 'Via Roma 1',
      title: 'Giornata',
      description: 'Sportello',
      startsAt: `${EVENT_DAY}T09:00:00Z`,
      endsAt: `${EVENT_DAY}T12:00:00Z`,
    }),
    'post /api/v1/inps-units/{unitId}/referents': () => ({
      role: 'PROGRAMME',
      personId: `p-${++n}`,
      fullName: 'Referente',
      email: 'ref@example.org',
      primary: false,
      validFrom: '2026-01-01',
    }),
    'post /api/v1/technical-tables': () => ({ name: 'Tavolo', level: 'LOCAL', territoryCode: '058091', agreementId: ids.agreement }),
    'post /api/v1/technical-tables/{id}/members': () => ({ organisationId: 'anci', role: 'OBSERVER', label: 'Osservatore', validFrom: '2026-01-01' }),
    'post /api/v1/technical-tables/{id}/meetings': () => ({ startsAt: `${EVENT_DAY}T10:00:00+01:00`, place: 'Sede INPS', agenda: 'Avvio' }),
    'post /api/v1/technical-tables/{id}/issues': () => ({ title: 'Sportello', description: 'Orari', raisedAt: TODAY }),
    'post /api/v1/screenings': () => ({ mode: 'self', language: 'it' }),
    'post /api/v1/screenings/evaluate': () => ({ facts: { age: 70, citizenship: 'IT' }, language: 'en' }),
    'post /api/v1/screenings/{id}/answers': () => ({ questionId: ids.question, value: 70 }),
    'post /api/v1/reports': () => ({ semester: LAST_SEMESTER, territory: '12' }),
  };

  const fillPath = (path: string): string =>
    path.replace(/\{(\w+)\}/g, (_m, name: string) => {
      switch (name) {
        case 'organisationId':
          return 'caritas-roma';
        case 'unitId':
          return 'dr-lazio';
        case 'territory':
        case 'code':
          return '058091';
        case 'semester':
          return LAST_SEMESTER;
        case 'resumeCode':
          return ids.resumeCode as string;
        case 'questionId':
          return ids.question as string;
        default:
          break;
      }
      if (path.startsWith('/api/v1/screenings')) return ids.screening as string;
      if (path.startsWith('/api/v1/agreements') && name === 'id') return ids.agreement as string;
      if (path.startsWith('/api/v1/technical-tables') && name === 'id' && ids.table) return ids.table;
      return NO_SUCH_ID;
    });

  it('derives the operations from the merged OpenAPI document', () => {
    const ops = Object.entries(doc.paths).flatMap(([p, methods]) =>
      Object.keys(methods)
        .filter((m) => ['post', 'put', 'patch'].includes(m))
        .map((m) => `${m} ${p}`),
    );
    // Each service contributes writable operations: a sanity check that the document is the merged one.
    expect(ops.some((o) => o.includes('/screenings'))).toBe(true);
    expect(ops.some((o) => o.includes('/agreements'))).toBe(true);
    expect(ops.some((o) => o.includes('/follow-ups') || o.includes('/returns'))).toBe(true);
  });

  it('every string property of every JSON body: no 5xx, clean 4xx with nothing stored, operator objects refused', async () => {
    const problems: string[] = [];
    let probes = 0;
    let operations = 0;
    const debug: string[] = [];
    for (const [path, methods] of Object.entries(doc.paths)) {
      if (!path.startsWith('/api/')) continue;
      for (const [method, op] of Object.entries(methods)) {
        if (!['post', 'put', 'patch'].includes(method)) continue;
        const schema = op.requestBody?.content?.['application/json']?.schema;
        if (!schema) continue;
        operations += 1;
        const url = fillPath(path);
        const m = method as 'post' | 'put' | 'patch';
        // The first principal that passes the gate (a harmless empty body is refused for its content, not its caller).
        let token: string | undefined;
        for (const who of ['central', 'territorial', 'operator', 'partner_admin', 'partner_app', 'anonymous']) {
          let r = gw.http[m](url).set('content-type', 'application/json');
          if (t[who]) r = r.set(auth(t[who] as string));
          const res = await r.send('{}');
          if (res.status >= 500) problems.push(`${method.toUpperCase()} ${url} {} as ${who}: ${res.status} ${res.text.slice(0, 200)}`);
          if (res.status !== 401 && res.status !== 403) {
            token = t[who];
            break;
          }
        }
        const valid = VALID[`${method} ${path}`];
        const base = valid ? valid() : sample(schema);
        const targets = stringPaths(schema).slice(0, 15);
        const before = await counts();
        let accepted = false;
        for (const target of targets) {
          for (const payload of PAYLOADS) {
            probes += 1;
            let r = gw.http[m](url).set('content-type', 'application/json');
            if (token) r = r.set(auth(token));
            const res = await r.send(JSON.stringify(setAt(valid ? valid() : base, target, payload.value)));
            const where = `${method.toUpperCase()} ${path} .${target.join('.')} = ${payload.name}`;
            if (res.status >= 500) problems.push(`${where}: ${res.status} ${res.text.slice(0, 200)}`);
            else if (res.status >= 400 && !isStandardError(res.body))
              problems.push(`${where}: ${res.status} without the standard error body: ${res.text.slice(0, 200)}`);
            else if (res.status < 400) {
              accepted = true;
              if (payload.strict) problems.push(`${where}: accepted (${res.status}) an object where a string is expected: ${res.text.slice(0, 200)}`);
            }
            if (res.headers['set-cookie']) problems.push(`${where}: answered a Set-Cookie header`);
          }
        }
        debug.push(
          `${method} ${url} as ${Object.keys(t).find((k) => t[k] === token) ?? 'anonymous'}: ${targets.length} strings, accepted=${accepted}, base=${JSON.stringify(base).slice(0, 200)}`,
        );
        if (!accepted) {
          const after = await counts();
          if (JSON.stringify(after) !== JSON.stringify(before))
            problems.push(`${method.toUpperCase()} ${path}: refused every probe but the row counts changed`);
        }
      }
    }
    if (process.env.SEC_DEBUG) console.log(JSON.stringify({ operations, probes, log: debug }, null, 1));
    expect(operations).toBeGreaterThan(15);
    expect(probes).toBeGreaterThan(100);
    // SQL never ran: the tables the payloads tried to drop are still there.
    const after = await counts();
    expect(Object.keys(after.questionnaire).some((k) => k.endsWith('.screening'))).toBe(true);
    expect(Object.keys(after.agreements).some((k) => k.endsWith('.agreement'))).toBe(true);
    expect(Object.keys(after.monitoring).some((k) => k.endsWith('.follow_up'))).toBe(true);
    expect(problems).toEqual([]);
  });

  it('the same probes in query strings and path segments: no 5xx', async () => {
    const problems: string[] = [];
    const reads = ['/api/v1/territories', '/api/v1/agreements', '/api/v1/outreach-events', '/api/v1/follow-ups', '/api/v1/returns', '/api/v1/technical-tables'];
    for (const path of reads) {
      for (const p of PAYLOADS.filter((x) => typeof x.value === 'string')) {
        for (const q of [
          `q=${encodeURIComponent(p.value as string)}`,
          `territory=${encodeURIComponent(p.value as string)}`,
          `status=${encodeURIComponent(p.value as string)}`,
          'territory[$ne]=x',
          'limit[$gt]=0',
        ]) {
          const res = await gw.http.get(`${path}?${q}`).set(auth(t.central as string));
          if (res.status >= 500 || (res.status >= 400 && !isStandardError(res.body)))
            problems.push(`GET ${path}?${q}: ${res.status} ${res.text.slice(0, 150)}`);
        }
      }
    }
    for (const seg of ["'%20OR%201=1%20--", '..%2F..%2Fetc%2Fpasswd', '%2e%2e%2f%2e%2e%2fetc%2fpasswd', '%0d%0aSet-Cookie:%20x=1', '%00']) {
      for (const path of [
        `/api/v1/agreements/${seg}`,
        `/api/v1/screenings/${seg}`,
        `/api/v1/screenings/by-code/${seg}`,
        `/api/v1/territories/${seg}`,
        `/api/v1/returns/${seg}/058091/${LAST_SEMESTER}`,
        `/api/v1/reports/${seg}`,
      ]) {
        const res = await gw.http.get(path).set(auth(t.central as string));
        if (res.status >= 500 || (res.status >= 400 && !isStandardError(res.body))) problems.push(`GET ${path}: ${res.status} ${res.text.slice(0, 150)}`);
        if (res.headers['set-cookie']) problems.push(`GET ${path}: Set-Cookie answered`);
      }
    }
    expect(problems).toEqual([]);
  });

  describe('document names', () => {
    const upload = (name: string) =>
      gw.http
        .post(`/api/v1/agreements/${ids.agreement}/documents`)
        .query({ name })
        .set(auth(t.central as string))
        .set('content-type', 'application/pdf')
        .send(PDF);

    it('refuses traversal, folders and control characters in ?name=, storing nothing', async () => {
      const before = await rowCounts(stack.databases.agreements);
      const names = [
        '../../etc/passwd',
        '..\\..\\windows\\win.ini',
        '/etc/passwd',
        'a/b.pdf',
        'x.pdf\r\nSet-Cookie: a=1',
        'x.pdf\u0000.exe',
        '..',
        '.',
        ' ',
        'a"; filename="evil.exe',
        'x'.repeat(201),
      ];
      const wrong: string[] = [];
      for (const name of names) {
        const res = await upload(name);
        if (res.status < 400 || res.status >= 500 || !isStandardError(res.body)) wrong.push(`${JSON.stringify(name)}: ${res.status} ${res.text.slice(0, 150)}`);
        if (res.headers['set-cookie']) wrong.push(`${JSON.stringify(name)}: Set-Cookie answered`);
      }
      expect(wrong).toEqual([]);
      expect(await rowCounts(stack.databases.agreements)).toEqual(before);
    });

    it('a stored odd-but-acceptable name cannot break the Content-Disposition of the download', async () => {
      const name = 'Accordo ‘Roma’; filename=evil.exe ✓ % é.pdf';
      const up = await upload(name);
      expect(up.status).toBe(201);
      const res = await gw.http
        .get(`/api/v1/agreements/${ids.agreement}/documents/${up.body.id}`)
        .set(auth(t.central as string))
        .buffer(true)
        .parse((r, cb) => {
          const chunks: Buffer[] = [];
          r.on('data', (c: Buffer) => chunks.push(c));
          r.on('end', () => cb(null, Buffer.concat(chunks)));
        })
        .expect(200);
      const cd = String(res.headers['content-disposition']);
      expect(cd).not.toMatch(/[\r\n]/);
      expect(cd).toMatch(/^attachment; filename="[\x20-\x7e]*"; filename\*=UTF-8''[A-Za-z0-9%._~!'()*-]+$/);
      // The ASCII fallback is one quoted string: no quote inside it ends it early.
      expect(/filename="([^"]*)"/.exec(cd)?.[1]).not.toContain('"');
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['content-type']).toBe('application/pdf');
    });
  });

  describe('headers', () => {
    /** A raw HTTP/1.1 request to the gateway (clients refuse to send CR/LF in header values). */
    const raw = (request: string): Promise<string> =>
      new Promise((resolve, reject) => {
        const { port } = new URL(gw.url);
        const socket = net.connect(Number(port), '127.0.0.1', () => socket.end(request));
        let data = '';
        socket.on('data', (c) => (data += c.toString('latin1')));
        socket.on('end', () => resolve(data));
        socket.on('close', () => resolve(data));
        socket.on('error', reject);
        socket.setTimeout(10_000, () => socket.destroy());
      });

    it('refuses a bare CR, or a NUL, inside a header value, and never reflects an injected header', async () => {
      for (const value of ['abc\rSet-Cookie: injected=1', 'abc\u0000def']) {
        const answer = await raw(`GET /api/v1/rulesets HTTP/1.1\r\nHost: localhost\r\nX-Request-Id: ${value}\r\nConnection: close\r\n\r\n`);
        expect(answer).toMatch(/^HTTP\/1\.1 400 /);
        expect(answer.toLowerCase()).not.toContain('set-cookie');
      }
    });

    it('does not echo an unsafe X-Request-Id back into the answer headers', async () => {
      for (const id of ['<script>alert(1)</script>', 'x'.repeat(5000), 'a%0d%0aSet-Cookie:%20x=1', 'a b']) {
        const res = await gw.http.get('/api/v1/rulesets').set('x-request-id', id);
        expect(res.status).toBe(200);
        expect(res.headers['x-request-id']).not.toBe(id);
        expect(String(res.headers['x-request-id'])).toMatch(/^[A-Za-z0-9._:-]{1,128}$/);
        expect(res.headers['set-cookie']).toBeUndefined();
      }
    });

    it('a forged X-Forwarded-For / Forwarded carrying SQL does not break the gateway', async () => {
      const res = await gw.http
        .get('/api/v1/rulesets')
        .set('x-forwarded-for', "1.2.3.4', 'x'); DROP TABLE screening; --")
        .set('forwarded', 'for="_evil";by=unknown');
      expect(res.status).toBe(200);
    });
  });

  describe('bodies', () => {
    it('refuses an oversized body with a clean 413 (gateway and service), storing nothing', async () => {
      const before = await counts();
      const big = JSON.stringify({ mode: 'self', language: 'it', padding: 'x'.repeat(2 * 1024 * 1024) });
      const viaGateway = await gw.http.post('/api/v1/screenings').set('content-type', 'application/json').send(big);
      expect([viaGateway.status, isStandardError(viaGateway.body)]).toEqual([413, true]);
      // Below the gateway's limit but above the service's (100kb).
      const mid = JSON.stringify({ title: 'y'.repeat(300 * 1024) });
      const viaGatewayMid = await gw.http
        .post('/api/v1/agreements')
        .set(auth(t.central as string))
        .set('content-type', 'application/json')
        .send(mid);
      expect([viaGatewayMid.status, isStandardError(viaGatewayMid.body)]).toEqual([413, true]);
      const direct = await supertest(stack.services.questionnaire.url).post('/api/v1/screenings').set('content-type', 'application/json').send(big);
      expect([direct.status, isStandardError(direct.body)]).toEqual([413, true]);
      // Chunked, no Content-Length: counted as it streams.
      const chunked = await new Promise<{ status: number; body: string }>((resolve, reject) => {
        const { port } = new URL(gw.url);
        const socket = net.connect(Number(port), '127.0.0.1');
        let data = '';
        socket.on('connect', () => {
          socket.write(
            'POST /api/v1/screenings HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n',
          );
          const chunk = 'x'.repeat(64 * 1024);
          for (let i = 0; i < 40 && !socket.destroyed; i++) socket.write(`${chunk.length.toString(16)}\r\n${chunk}\r\n`);
          if (!socket.destroyed) socket.end('0\r\n\r\n');
        });
        socket.on('data', (c) => (data += c.toString()));
        socket.on('close', () => resolve({ status: Number(/^HTTP\/1\.1 (\d+)/.exec(data)?.[1] ?? 0), body: data }));
        socket.on('error', (e) => (data ? resolve({ status: Number(/^HTTP\/1\.1 (\d+)/.exec(data)?.[1] ?? 0), body: data }) : reject(e)));
      });
      expect(chunked.status).toBe(413);
      expect(await counts()).toEqual(before);
    });

    it('refuses wrong content types with 415 and the standard error body, storing nothing', async () => {
      const before = await counts();
      const body = JSON.stringify({ mode: 'self', language: 'it' });
      const wrong: string[] = [];
      for (const [path, token] of [
        ['/api/v1/screenings', undefined],
        ['/api/v1/agreements', t.central],
        ['/api/v1/follow-ups', t.operator],
        ['/api/v1/reports', t.central],
      ] as const) {
        for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/xml', 'application/pdf']) {
          let r = gw.http.post(path).set('content-type', type);
          if (token) r = r.set(auth(token));
          const res = await r.send(type.startsWith('application/x-www') ? 'mode=self&language=it' : body);
          // application/pdf is one of the agreements service's upload types (accepted app-wide): a clean 4xx is enough there.
          const refused = type === 'application/pdf' ? res.status >= 400 && res.status < 500 : res.status === 415;
          if (!refused || !isStandardError(res.body)) wrong.push(`POST ${path} as ${type}: ${res.status} ${res.text.slice(0, 150)}`);
        }
      }
      expect(wrong).toEqual([]);
      expect(await counts()).toEqual(before);
    });

    it('refuses malformed JSON and prototype-pollution keys cleanly', async () => {
      const before = await counts();
      for (const text of ['{"mode":"self",', '{"mode": "self"}}', "{'mode':'self'}", '\u0000', '[]', '"self"', 'null']) {
        const res = await gw.http.post('/api/v1/screenings').set('content-type', 'application/json').send(text);
        expect([text, res.status >= 400 && res.status < 500, isStandardError(res.body)]).toEqual([text, true, true]);
      }
      expect(await counts()).toEqual(before);
      for (const text of [
        '{"mode":"self","language":"it","__proto__":{"isAdmin":true,"status":"COMPLETED"}}',
        '{"mode":"self","constructor":{"prototype":{"x":1}}}',
      ]) {
        const res = await gw.http.post('/api/v1/screenings').set('content-type', 'application/json').send(text);
        expect(res.status).toBeLessThan(500);
        if (res.status < 300) expect(res.body.status).toBe('IN_PROGRESS');
        else expect(isStandardError(res.body)).toBe(true);
      }
      expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
    });
  });
});

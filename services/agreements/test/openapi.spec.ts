import Ajv, { type ValidateFunction } from 'ajv';
import type { Response } from 'supertest';
import { createTestApp, FixedClock, testQueuePrefix, testRedisUrl, type TestApp } from '@inps/shared';
import { agreementsConfig } from '../src/agreements.config';
import { AGREEMENTS_DATABASE } from '../src/migrations';
import { AppModule } from '../src/app.module';
import { DOCUMENT_CONTENT_TYPES, DOCUMENT_UPLOAD_ROUTE } from '../src/modules/documents/document-format';
import { bearer } from './helpers';
import { frameworkBody, territorialBody, tokensFor, type Tokens } from './fixtures';

type Schema = {
  $ref?: string;
  type?: string;
  nullable?: boolean;
  example?: unknown;
  properties?: Record<string, Schema>;
  additionalProperties?: boolean | Schema;
  items?: Schema;
  allOf?: Schema[];
};
type Operation = { operationId?: string; responses?: Record<string, { content?: Record<string, { schema?: Schema }> }> };
type Document = { paths: Record<string, Record<string, Operation>>; components?: { schemas?: Record<string, Schema> } };

/** Routes of @inps/shared's HealthModule, documented (or not) by libs/shared, not by this service. */
const SHARED_ROUTES = ['get /health/live', 'get /health/ready'];
const METHODS = ['get', 'put', 'post', 'delete', 'patch'];

/** Every REST answer of the service has a schema in its OpenAPI document: clients and the gateway's merged document read them. */
describe('the OpenAPI document', () => {
  let t: TestApp<typeof agreementsConfig.fields>;
  let document: Document;

  beforeAll(async () => {
    t = await createTestApp((config) => AppModule.forRoot(config, { clock: new FixedClock('2026-03-02T09:00:00Z') }), {
      config: agreementsConfig,
      database: AGREEMENTS_DATABASE,
      env: (tokens) => ({ REDIS_URL: testRedisUrl(), QUEUE_PREFIX: testQueuePrefix(), PARTNER_TOKEN_SIGNING_JWK: JSON.stringify(tokens.signingJwk) }),
      rawBodyRoutes: [DOCUMENT_UPLOAD_ROUTE],
      openApi: { title: 'INPS per tutti: agreements registry', version: '1.0.0' },
    });
    document = (await t.http.get('/openapi.json').expect(200)).body as Document;
  }, 60_000); // starts the app (and runs migrations) on a possibly busy machine
  afterAll(() => t.close());

  const operations = () =>
    Object.entries(document.paths).flatMap(([path, item]) =>
      Object.entries(item)
        .filter(([method]) => METHODS.includes(method))
        .map(([method, op]) => ({ name: `${method} ${path}`, op })),
    );

  it('describes a 2xx answer with a schema for every operation', () => {
    expect(operations().length).toBeGreaterThan(40);
    const missing = operations()
      .filter(({ name }) => !SHARED_ROUTES.includes(name))
      .filter(({ op }) => {
        const success = Object.entries(op.responses ?? {}).filter(([status]) => /^2\d\d$/.test(status));
        return !success.some(([, answer]) => Object.values(answer.content ?? {}).some((media) => media.schema !== undefined));
      })
      .map(({ name }) => name);
    expect(missing).toEqual([]);
  });

  it('refers only to schemas it defines, and none of them is empty', () => {
    const schemas = document.components?.schemas ?? {};
    const refs = [...JSON.stringify(document).matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)].map((m) => m[1]);
    expect(refs.filter((name) => !(name in schemas))).toEqual([]);
    const empty = Object.entries(schemas)
      .filter(([, s]) => s.type === 'object' && !s.properties && !s.allOf)
      .map(([name]) => name);
    expect(empty).toEqual([]);
  });

  it('gives downloads and the calendar feed their own media types', () => {
    const download = document.paths['/api/v1/agreements/{id}/documents/{documentId}'].get.responses?.['200'].content ?? {};
    expect(Object.keys(download).sort()).toEqual([...DOCUMENT_CONTENT_TYPES].sort());
    expect(Object.values(download).every((media) => media.schema?.type === 'string')).toBe(true);
    const calendar = document.paths['/api/v1/outreach-events/calendar.ics'].get.responses?.['200'].content ?? {};
    expect(Object.keys(calendar)).toEqual(['text/calendar']);
  });

  /**
   * OpenAPI 3.0 schemas as JSON Schema, closed: `nullable` becomes a null alternative, and an object
   * may hold only the properties it declares, so an answer with an undocumented field fails too.
   */
  function jsonSchema(schema: Schema): Schema | { anyOf: Schema[] } {
    const { nullable, example: _example, ...rest } = schema;
    const out: Schema = { ...rest };
    if (rest.properties) out.properties = Object.fromEntries(Object.entries(rest.properties).map(([k, v]) => [k, jsonSchema(v) as Schema]));
    if (rest.items) out.items = jsonSchema(rest.items) as Schema;
    if (rest.allOf) out.allOf = rest.allOf.map((x) => jsonSchema(x) as Schema);
    if (rest.type === 'object' && rest.properties && rest.additionalProperties === undefined) out.additionalProperties = false;
    if (nullable) {
      delete out.type;
      return { anyOf: [{ type: 'null' }, out] };
    }
    return out;
  }

  it('answers as its schemas say, on every operation', async () => {
    const ajv = new Ajv({ strict: false, validateFormats: false, allErrors: true });
    const schemas = Object.fromEntries(Object.entries(document.components?.schemas ?? {}).map(([name, schema]) => [name, jsonSchema(schema)]));
    ajv.addSchema({ components: { schemas } }, 'openapi');
    const validators = new Map<string, ValidateFunction>();
    const seen = new Set<string>();
    const problems: string[] = [];
    /** Checks a JSON answer against the schema the document gives its operation and status. */
    const check = (method: string, template: string, res: Response, expected: number): Response => {
      const name = `${method} ${template}`;
      expect({ name, status: res.status }).toEqual({ name, status: expected });
      seen.add(name);
      const schema = document.paths[template]?.[method]?.responses?.[String(res.status)]?.content?.['application/json']?.schema;
      if (!schema) {
        problems.push(`${name}: no JSON schema for ${res.status}`);
        return res;
      }
      const key = `${name} ${res.status}`;
      if (!validators.has(key)) validators.set(key, ajv.compile(rewrite(schema)));
      const validate = validators.get(key) as ValidateFunction;
      if (!validate(res.body)) problems.push(`${name}: ${ajv.errorsText(validate.errors)}`);
      return res;
    };
    const rewrite = (schema: Schema): Schema => JSON.parse(JSON.stringify(jsonSchema(schema)).replace(/"#\/components\//g, '"openapi#/components/')) as Schema;
    const tk: Tokens = await tokensFor(t as never);
    const as = (token: string) => ({
      get: (template: string, path: string, expected = 200) =>
        t.http
          .get(path)
          .set('authorization', bearer(token))
          .then((r) => check('get', template, r, expected)),
      post: (template: string, path: string, body: object, expected = 201) =>
        t.http
          .post(path)
          .set('authorization', bearer(token))
          .send(body)
          .then((r) => check('post', template, r, expected)),
      patch: (template: string, path: string, body: object) =>
        t.http
          .patch(path)
          .set('authorization', bearer(token))
          .send(body)
          .then((r) => check('patch', template, r, 200)),
      delete: (template: string, path: string) =>
        t.http
          .delete(path)
          .set('authorization', bearer(token))
          .then((r) => check('delete', template, r, 200)),
    });
    const central = as(tk.central);
    const lazio = as(tk.lazio);

    // Reference data
    await lazio.get('/api/v1/territories', '/api/v1/territories?q=roma&limit=3');
    await lazio.get('/api/v1/territories/{code}', '/api/v1/territories/058091');
    await lazio.get('/api/v1/organisations', '/api/v1/organisations?limit=5');
    await lazio.get('/api/v1/inps-units', '/api/v1/inps-units?limit=5');

    // Agreements and their documents
    const framework = (await central.post('/api/v1/agreements', '/api/v1/agreements', { ...frameworkBody('FW-OAS-01'), maxRenewals: 1 })).body;
    const signatures = [
      { party: 0, signedOn: '2026-01-10' },
      { party: 1, signedOn: '2026-01-10' },
    ];
    const signed = (
      await central.post(
        '/api/v1/agreements/{id}/transitions',
        `/api/v1/agreements/${framework.id}/transitions`,
        { action: 'sign', version: framework.version, signatures },
        200,
      )
    ).body;
    await central.get('/api/v1/agreements/{id}', `/api/v1/agreements/${framework.id}`);
    await central.get('/api/v1/agreements', '/api/v1/agreements?kind=FRAMEWORK');
    await central.get('/api/v1/agreements/{id}/history', `/api/v1/agreements/${framework.id}/history`);
    await central.post('/api/v1/agreements/{id}/amendments', `/api/v1/agreements/${signed.id}/amendments`, { ...frameworkBody('FW-OAS-01-A1'), scope: ['IT'] });
    await central.get('/api/v1/agreements/{id}/amendments', `/api/v1/agreements/${signed.id}/amendments`);
    await central.post('/api/v1/agreements/{id}/renewals', `/api/v1/agreements/${signed.id}/renewals`, { code: 'FW-OAS-01-R1' });
    const territorial = (await lazio.post('/api/v1/agreements', '/api/v1/agreements', territorialBody(framework.id, 'TER-OAS-01'))).body;
    await lazio.patch('/api/v1/agreements/{id}', `/api/v1/agreements/${territorial.id}`, { version: territorial.version, title: 'Protocollo Roma (rivisto)' });
    const pdf = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.from('testo\n'.repeat(20)), Buffer.from('%%EOF\n')]);
    const uploaded = check(
      'post',
      '/api/v1/agreements/{id}/documents',
      await t.http
        .post(`/api/v1/agreements/${territorial.id}/documents`)
        .query({ name: 'accordo.pdf' })
        .set('authorization', bearer(tk.lazio))
        .set('content-type', 'application/pdf')
        .send(pdf),
      201,
    ).body;
    await lazio.get('/api/v1/agreements/{id}/documents', `/api/v1/agreements/${territorial.id}/documents`);
    const download = await t.http.get(`/api/v1/agreements/${territorial.id}/documents/${uploaded.id}`).set('authorization', bearer(tk.lazio)).expect(200);
    expect(download.headers['content-type']).toBe('application/pdf');
    seen.add('get /api/v1/agreements/{id}/documents/{documentId}');

    // Outreach events and mobile units
    const event = (
      await lazio.post('/api/v1/outreach-events', '/api/v1/outreach-events', {
        agreementId: territorial.id,
        organisationId: 'caritas-roma',
        territoryCode: '058091',
        venueType: 'STATION',
        venueName: 'Stazione Termini',
        startsAt: '2026-04-10T09:00:00+02:00',
        endsAt: '2026-04-10T13:00:00+02:00',
      })
    ).body;
    await lazio.get('/api/v1/outreach-events', '/api/v1/outreach-events?territory=058');
    await lazio.get('/api/v1/outreach-events/{id}', `/api/v1/outreach-events/${event.id}`);
    const moved = (
      await lazio.patch('/api/v1/outreach-events/{id}', `/api/v1/outreach-events/${event.id}`, {
        startsAt: '2026-04-11T09:00:00+02:00',
        endsAt: '2026-04-11T13:00:00+02:00',
        version: event.version,
      })
    ).body;
    await lazio.post(
      '/api/v1/outreach-events/{id}/transitions',
      `/api/v1/outreach-events/${event.id}/transitions`,
      { action: 'communicate', version: moved.version },
      200,
    );
    // Public: no token.
    const whereToGo = check('get', '/api/v1/where-to-go', await t.http.get('/api/v1/where-to-go?comune=058091&weeks=12'), 200).body;
    expect(whereToGo.outreachEvents.map((e: { venueName: string }) => e.venueName)).toContain('Stazione Termini');
    const calendar = await t.http.get('/api/v1/outreach-events/calendar.ics').set('authorization', bearer(tk.lazio)).expect(200);
    expect(calendar.headers['content-type']).toMatch(/^text\/calendar/);
    seen.add('get /api/v1/outreach-events/calendar.ics');
    const request = (
      await lazio.post('/api/v1/mobile-unit-requests', '/api/v1/mobile-unit-requests', { eventId: event.id, stationKind: 'GAZEBO', availableSpace: 'Piazzale' })
    ).body;
    await central.get('/api/v1/mobile-unit-requests', '/api/v1/mobile-unit-requests?status=REQUESTED');
    await central.get('/api/v1/mobile-unit-requests/{id}', `/api/v1/mobile-unit-requests/${request.id}`);
    await central.post(
      '/api/v1/mobile-unit-requests/{id}/transitions',
      `/api/v1/mobile-unit-requests/${request.id}/transitions`,
      { action: 'approve', version: request.version },
      200,
    );

    // Referents
    const referent = (
      await lazio.post('/api/v1/inps-units/{unitId}/referents', '/api/v1/inps-units/dr-lazio/referents', {
        role: 'PROGRAMME',
        personId: 'p-oas',
        fullName: 'Maria Rossi',
        email: 'maria.rossi@example.org',
        primary: true,
        validFrom: '2026-01-01',
      })
    ).body;
    await lazio.get('/api/v1/inps-units/{unitId}/referents', '/api/v1/inps-units/dr-lazio/referents');
    await lazio.patch('/api/v1/referents/{id}', `/api/v1/referents/${referent.id}`, { validTo: '2026-12-31', version: referent.version });

    // Technical tables
    const tables = '/api/v1/technical-tables';
    const table = (await lazio.post(tables, tables, { name: 'Tavolo Roma', level: 'LOCAL', territoryCode: '058091', agreementId: territorial.id })).body;
    await lazio.get(tables, `${tables}?level=LOCAL`);
    await lazio.get(`${tables}/{id}`, `${tables}/${table.id}`);
    const member = (
      await lazio.post(`${tables}/{id}/members`, `${tables}/${table.id}/members`, { organisationId: 'caritas-roma', role: 'MEMBER', validFrom: '2026-03-01' })
    ).body;
    await lazio.get(`${tables}/{id}/members`, `${tables}/${table.id}/members`);
    await lazio.patch(`${tables}/{id}/members/{memberId}`, `${tables}/${table.id}/members/${member.id}`, { validTo: '2026-12-31' });
    const meeting = (
      await lazio.post(`${tables}/{id}/meetings`, `${tables}/${table.id}/meetings`, { startsAt: '2026-04-15T10:00:00+02:00', place: 'Sede', agenda: 'Avvio' })
    ).body;
    await lazio.get(`${tables}/{id}/meetings`, `${tables}/${table.id}/meetings`);
    await lazio.post(
      `${tables}/{id}/meetings/{meetingId}/transitions`,
      `${tables}/${table.id}/meetings/${meeting.id}/transitions`,
      { action: 'cancel', comment: 'Rinviata', version: meeting.version },
      200,
    );
    const issue = (
      await lazio.post(`${tables}/{id}/issues`, `${tables}/${table.id}/issues`, { title: 'ISEE', description: 'CAF saturi', raisedAt: '2026-03-02' })
    ).body;
    await lazio.get(`${tables}/{id}/issues`, `${tables}/${table.id}/issues`);
    await lazio.post(
      `${tables}/{id}/issues/{issueId}/transitions`,
      `${tables}/${table.id}/issues/${issue.id}/transitions`,
      { action: 'resolve', note: 'Sportello aperto', version: issue.version },
      200,
    );
    await lazio.post(`${tables}/{id}/transitions`, `${tables}/${table.id}/transitions`, { action: 'close', version: table.version }, 200);

    // Partner apps' API keys
    const admin = as(await t.tokens.partnerAdmin('caritas-roma'));
    const keys = '/api/v1/organisations/{organisationId}/api-keys';
    const key = (await admin.post(keys, '/api/v1/organisations/caritas-roma/api-keys', { label: 'App mensa', expiresOn: '2026-12-31' })).body;
    await admin.get(keys, '/api/v1/organisations/caritas-roma/api-keys');
    check('post', '/api/v1/api-keys/token', await t.http.post('/api/v1/api-keys/token').set('x-api-key', key.key).send({}), 200);
    await admin.delete(`${keys}/{id}`, `/api/v1/organisations/caritas-roma/api-keys/${key.id}`);
    check('get', '/.well-known/partner-jwks.json', await t.http.get('/.well-known/partner-jwks.json'), 200);

    expect(problems).toEqual([]);
    const unexercised = operations()
      .map(({ name }) => name)
      .filter((name) => !SHARED_ROUTES.includes(name) && !seen.has(name));
    expect(unexercised).toEqual([]);
  });
});

import { randomUUID } from 'node:crypto';
import { FixedClock } from '@inps/shared';
import type { Response } from 'supertest';
import { bearer, startApp, type AgreementsTestApp } from './helpers';
import { signedFramework, territorialBody, tokensFor, type Tokens } from './fixtures';

const PDF = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.from('testo\n'.repeat(20)), Buffer.from('%%EOF\n')]);

/**
 * One rule for every resource of the service: outside the caller's organisation or territory a
 * record does not exist (404, the very answer a missing one gets, naming the resource and the id);
 * a role that may never do something is told which roles may (403 with requiredRoles).
 */
describe('what a refusal reveals', () => {
  let t: AgreementsTestApp;
  let tk: Tokens;
  let admin: string;
  let otherAdmin: string;
  const ids = {} as Record<'agreement' | 'document' | 'event' | 'request' | 'table' | 'centralTable' | 'referent' | 'apiKey' | 'framework', string>;

  const call = (method: 'get' | 'post' | 'patch' | 'delete', path: string, token: string, body?: object) => {
    const req = t.http[method](path).set('authorization', bearer(token));
    return body ? req.send(body) : req;
  };
  const hidden = (res: Response, resource: string, id: string) => {
    expect({ status: res.status, body: res.body }).toEqual({
      status: 404,
      body: {
        error: {
          code: 'NOT_FOUND',
          message: expect.any(String),
          language: 'it',
          reviewed: true,
          developerMessage: expect.any(String),
          details: [
            { field: 'resource', issue: resource },
            { field: 'id', issue: id },
          ],
        },
      },
    });
    return res.body.error.developerMessage as string;
  };
  /** The answer for a record outside the caller's scope is the answer for one that does not exist. */
  const sameAsMissing = async (outside: Response, missing: Response, resource: string, outsideId: string, missingId: string) => {
    expect(hidden(outside, resource, outsideId)).toBe(hidden(missing, resource, missingId));
  };

  beforeAll(async () => {
    t = await startApp({ clock: new FixedClock('2026-03-02T09:00:00Z') }, {}, (tokens) => ({ PARTNER_TOKEN_SIGNING_JWK: JSON.stringify(tokens.signingJwk) }));
    tk = await tokensFor(t);
    admin = await t.tokens.partnerAdmin('caritas-roma');
    otherAdmin = await t.tokens.partnerAdmin('sant-egidio-roma');
    ids.framework = (await signedFramework(t, tk.central)).id;
    ids.agreement = (await call('post', '/api/v1/agreements', tk.lazio, territorialBody(ids.framework, 'TER-HIDE-01')).expect(201)).body.id;
    ids.document = (
      await t.http
        .post(`/api/v1/agreements/${ids.agreement}/documents`)
        .query({ name: 'accordo.pdf' })
        .set('authorization', bearer(tk.lazio))
        .set('content-type', 'application/pdf')
        .send(PDF)
        .expect(201)
    ).body.id;
    ids.event = (
      await call('post', '/api/v1/outreach-events', tk.lazio, {
        organisationId: 'caritas-roma',
        territoryCode: '058091',
        venueType: 'SOUP_KITCHEN',
        venueName: 'Mensa',
        startsAt: '2026-03-25T09:00:00Z',
        endsAt: '2026-03-25T12:00:00Z',
      }).expect(201)
    ).body.id;
    ids.request = (
      await call('post', '/api/v1/mobile-unit-requests', tk.lazio, { eventId: ids.event, stationKind: 'GAZEBO', availableSpace: 'Cortile' }).expect(201)
    ).body.id;
    ids.table = (
      await call('post', '/api/v1/technical-tables', tk.lazio, { name: 'Tavolo Roma', level: 'LOCAL', territoryCode: '058091' }).expect(201)
    ).body.id;
    ids.centralTable = (await call('post', '/api/v1/technical-tables', tk.central, { name: 'Tavolo nazionale', level: 'CENTRAL' }).expect(201)).body.id;
    ids.referent = (
      await call('post', '/api/v1/inps-units/dr-lazio/referents', tk.lazio, {
        role: 'MONITORING',
        personId: 'p-hide-1',
        fullName: 'Referente',
        primary: false,
        validFrom: '2026-01-01',
      }).expect(201)
    ).body.id;
    ids.apiKey = (await call('post', '/api/v1/organisations/caritas-roma/api-keys', admin, { label: 'App' }).expect(201)).body.id;
  }, 60_000); // starts the app (and runs migrations) on a possibly busy machine
  afterAll(() => t.close());

  it('hides an agreement outside the caller’s territory or organisation on every route, REST and GraphQL', async () => {
    const missing = randomUUID();
    const a = ids.agreement;
    await sameAsMissing(
      await call('get', `/api/v1/agreements/${a}`, tk.piemonte),
      await call('get', `/api/v1/agreements/${missing}`, tk.piemonte),
      'agreement',
      a,
      missing,
    );
    hidden(await call('get', `/api/v1/agreements/${a}`, tk.operatorOther), 'agreement', a);
    hidden(await call('get', `/api/v1/agreements/${a}/history`, tk.piemonte), 'agreement', a);
    hidden(await call('get', `/api/v1/agreements/${a}/amendments`, tk.piemonte), 'agreement', a);
    hidden(await call('post', `/api/v1/agreements/${a}/transitions`, tk.piemonte, { action: 'submit', version: 1 }), 'agreement', a);
    hidden(await call('patch', `/api/v1/agreements/${a}`, tk.piemonte, { title: 'x', version: 1 }), 'agreement', a);
    hidden(await call('post', `/api/v1/agreements/${a}/renewals`, tk.piemonte, { code: 'TER-HIDE-01-R1' }), 'agreement', a);
    hidden(await call('get', `/api/v1/agreements/${a}/documents`, tk.piemonte), 'agreement', a);
    hidden(await call('get', `/api/v1/agreements/${a}/documents/${ids.document}`, tk.piemonte), 'agreement', a);
    const gql = await t.http
      .post('/graphql')
      .set('authorization', bearer(tk.piemonte))
      .send({ query: 'query($id: ID!) { agreement(id: $id) { id } }', variables: { id: a } })
      .expect(200);
    expect(gql.body.errors[0].extensions).toMatchObject({
      code: 'NOT_FOUND',
      details: [
        { field: 'resource', issue: 'agreement' },
        { field: 'id', issue: a },
      ],
    });
  });

  it('answers a missing document of a visible agreement naming the document', async () => {
    const missing = randomUUID();
    hidden(await call('get', `/api/v1/agreements/${ids.agreement}/documents/${missing}`, tk.lazio), 'document', missing);
  });

  it('hides outreach events and mobile-unit requests outside the caller’s territory or organisation', async () => {
    const missing = randomUUID();
    await sameAsMissing(
      await call('get', `/api/v1/outreach-events/${ids.event}`, tk.piemonte),
      await call('get', `/api/v1/outreach-events/${missing}`, tk.piemonte),
      'outreach-event',
      ids.event,
      missing,
    );
    hidden(await call('get', `/api/v1/outreach-events/${ids.event}`, tk.operatorOther), 'outreach-event', ids.event);
    hidden(
      await call('patch', `/api/v1/outreach-events/${ids.event}`, tk.piemonte, {
        startsAt: '2026-03-26T09:00:00Z',
        endsAt: '2026-03-26T12:00:00Z',
        version: 1,
      }),
      'outreach-event',
      ids.event,
    );
    hidden(
      await call('post', `/api/v1/outreach-events/${ids.event}/transitions`, tk.piemonte, { action: 'cancel', comment: 'x', version: 1 }),
      'outreach-event',
      ids.event,
    );
    hidden(
      await call('post', '/api/v1/mobile-unit-requests', tk.piemonte, { eventId: ids.event, stationKind: 'DESK', availableSpace: 'Atrio' }),
      'outreach-event',
      ids.event,
    );
    await sameAsMissing(
      await call('get', `/api/v1/mobile-unit-requests/${ids.request}`, tk.piemonte),
      await call('get', `/api/v1/mobile-unit-requests/${missing}`, tk.piemonte),
      'mobile-unit-request',
      ids.request,
      missing,
    );
    hidden(
      await call('post', `/api/v1/mobile-unit-requests/${ids.request}/transitions`, tk.piemonte, { action: 'cancel', comment: 'x', version: 1 }),
      'mobile-unit-request',
      ids.request,
    );
  });

  it('hides technical tables, and names the missing member, meeting or issue of a visible one', async () => {
    const missing = randomUUID();
    const base = `/api/v1/technical-tables/${ids.table}`;
    await sameAsMissing(
      await call('get', base, tk.piemonte),
      await call('get', `/api/v1/technical-tables/${missing}`, tk.piemonte),
      'technical-table',
      ids.table,
      missing,
    );
    for (const sub of ['members', 'meetings', 'issues']) hidden(await call('get', `${base}/${sub}`, tk.piemonte), 'technical-table', ids.table);
    hidden(await call('get', base, tk.operatorOther), 'technical-table', ids.table);
    hidden(await call('post', `${base}/transitions`, tk.piemonte, { action: 'close', version: 1 }), 'technical-table', ids.table);
    hidden(
      await call('post', `${base}/meetings/${missing}/transitions`, tk.lazio, { action: 'cancel', comment: 'x', version: 1 }),
      'technical-table-meeting',
      missing,
    );
    hidden(
      await call('post', `${base}/issues/${missing}/transitions`, tk.lazio, { action: 'resolve', note: 'x', version: 1 }),
      'technical-table-issue',
      missing,
    );
    hidden(await call('patch', `${base}/members/${missing}`, tk.lazio, { validTo: '2026-12-31' }), 'technical-table-member', missing);
    // A central table is visible to territorial staff, who lack the competence to run it: a 403 saying so.
    const central = await call('post', `/api/v1/technical-tables/${ids.centralTable}/meetings`, tk.lazio, {
      startsAt: '2026-03-20T10:00:00+01:00',
      place: 'Sede',
      agenda: 'x',
    }).expect(403);
    expect(central.body.error).toMatchObject({ code: 'FORBIDDEN', details: [{ field: 'level', issue: expect.any(String) }] });
  });

  it('hides referents, and the referents of units, outside the caller’s territories', async () => {
    const missing = randomUUID();
    await sameAsMissing(
      await call('patch', `/api/v1/referents/${ids.referent}`, tk.piemonte, { validTo: '2026-12-31', version: 1 }),
      await call('patch', `/api/v1/referents/${missing}`, tk.piemonte, { validTo: '2026-12-31', version: 1 }),
      'referent',
      ids.referent,
      missing,
    );
    await sameAsMissing(
      await call('get', '/api/v1/inps-units/dr-lazio/referents', tk.piemonte),
      await call('get', '/api/v1/inps-units/dr-nessuna/referents', tk.piemonte),
      'inps-unit',
      'dr-lazio',
      'dr-nessuna',
    );
    hidden(
      await call('post', '/api/v1/inps-units/dr-lazio/referents', tk.piemonte, {
        role: 'MONITORING',
        personId: 'p-x',
        fullName: 'X',
        primary: false,
        validFrom: '2026-01-01',
      }),
      'inps-unit',
      'dr-lazio',
    );
  });

  it('hides another organisation’s API keys', async () => {
    const missing = randomUUID();
    await sameAsMissing(
      await call('get', '/api/v1/organisations/caritas-roma/api-keys', otherAdmin),
      await call('get', '/api/v1/organisations/nessuna/api-keys', otherAdmin),
      'organisation',
      'caritas-roma',
      'nessuna',
    );
    hidden(await call('delete', `/api/v1/organisations/caritas-roma/api-keys/${ids.apiKey}`, otherAdmin), 'organisation', 'caritas-roma');
    hidden(await call('delete', `/api/v1/organisations/caritas-roma/api-keys/${missing}`, admin), 'api-key', missing);
  });

  it('takes an agreement the caller cannot see, given as a link, for a missing one', async () => {
    const torino = (
      await call('post', '/api/v1/agreements', tk.piemonte, {
        ...territorialBody(ids.framework, 'TER-HIDE-TO'),
        scope: ['001272'],
        parties: [{ inpsUnitId: 'dg', role: 'signatory', commitments: [] }],
      }).expect(201)
    ).body.id;
    const event = (agreementId: string) => ({
      agreementId,
      organisationId: 'caritas-roma',
      territoryCode: '058091',
      venueType: 'SOUP_KITCHEN',
      venueName: 'Mensa',
      startsAt: '2026-03-26T09:00:00Z',
      endsAt: '2026-03-26T12:00:00Z',
    });
    const linked = async (path: string, body: (id: string) => object) => {
      const outside = await call('post', path, tk.lazio, body(torino)).expect(400);
      const missing = await call('post', path, tk.lazio, body(randomUUID())).expect(400);
      expect(outside.body).toEqual(missing.body);
      expect(outside.body.error.details).toEqual([{ field: 'agreementId', issue: 'no such agreement' }]);
    };
    await linked('/api/v1/outreach-events', event);
    await linked('/api/v1/technical-tables', (agreementId) => ({ name: 'Tavolo', level: 'LOCAL', territoryCode: '058091', agreementId }));
    // the framework, which every territorial structure reads, can be linked
    await call('post', '/api/v1/outreach-events', tk.lazio, event(ids.framework)).expect(201);
  });

  it('tells a role that may never do something which roles may', async () => {
    const requiredRoles = (res: Response, roles: string) => {
      expect(res.status).toBe(403);
      expect(res.body.error).toMatchObject({ code: 'FORBIDDEN', details: expect.arrayContaining([{ field: 'requiredRoles', issue: roles }]) });
    };
    const submitted = await call('post', `/api/v1/agreements/${ids.agreement}/transitions`, tk.lazio, { action: 'submit', version: 1 }).expect(200);
    requiredRoles(
      await call('post', `/api/v1/agreements/${ids.agreement}/transitions`, tk.lazio, { action: 'start_review', version: submitted.body.version }),
      'central',
    );
    requiredRoles(
      await call('post', '/api/v1/agreements', tk.lazio, { ...territorialBody(ids.framework, 'FW-BY-LAZIO'), kind: 'FRAMEWORK', parentId: undefined }),
      'central',
    );
    requiredRoles(await call('post', `/api/v1/mobile-unit-requests/${ids.request}/transitions`, tk.lazio, { action: 'approve', version: 1 }), 'central');
    requiredRoles(await call('post', '/api/v1/technical-tables', tk.lazio, { name: 'x', level: 'CENTRAL' }), 'central');
  });
});

/**
 * Where to go, across services and through the gateway (issue "The screening for the people it is
 * for", item 4): the agreements service answers who is competent for a comune and what is planned
 * there; the questionnaire puts it in the screening outcome, over REST and the federated GraphQL,
 * and goes without it, quickly, when the agreements service is down.
 */
import { startGateway, startStack, type RunningGateway, type Stack } from '../services/gateway/test/stack';
import { lateProxy } from './support/late-proxy';

jest.setTimeout(300_000);

describe('where to go, across services, through the gateway', () => {
  let stack: Stack;
  let gw: RunningGateway;
  let proxy: Awaited<ReturnType<typeof lateProxy>>;
  const inThreeDays = new Date(Date.now() + 3 * 86_400_000);
  const startsAt = new Date(Date.UTC(inThreeDays.getUTCFullYear(), inThreeDays.getUTCMonth(), inThreeDays.getUTCDate(), 9)).toISOString();
  const endsAt = new Date(Date.parse(startsAt) + 3 * 3_600_000).toISOString();

  beforeAll(async () => {
    proxy = await lateProxy();
    stack = await startStack({ questionnaire: { env: { AGREEMENTS_URL: proxy.url, AGREEMENTS_TIMEOUT_MS: '2000' } } });
    proxy.to(stack.services.agreements.url);
    gw = await startGateway(stack);
    const lazio = await stack.tokens.territorial(['12']);
    const planned = await gw.http
      .post('/api/v1/outreach-events')
      .set('authorization', `Bearer ${lazio}`)
      .send({ territoryCode: '058091', venueType: 'SOUP_KITCHEN', venueName: 'Mensa di via Marsala', address: 'Via Marsala 109', startsAt, endsAt });
    expect(planned.status).toBe(201);
  });
  afterAll(async () => {
    await gw?.close();
    await stack?.close();
    await proxy?.close();
  });

  const completedScreening = async (body: object) => {
    const started = await gw.http.post('/api/v1/screenings').send({ mode: 'self', ...body });
    expect(started.status).toBe(201);
    const began = performance.now();
    const done = await gw.http.post(`/api/v1/screenings/${started.body.id}/complete`);
    expect(done.status).toBe(200);
    return { id: started.body.id as string, whereToGo: done.body.outcome.whereToGo, ms: performance.now() - began };
  };

  it('answers anyone where to go in a comune, over REST and GraphQL, and refuses a bad comune naming it', async () => {
    const rest = await gw.http.get('/api/v1/where-to-go').query({ comune: '058091' });
    expect(rest.status).toBe(200);
    expect(rest.body).toMatchObject({
      comune: { name: 'Roma' },
      inpsUnits: [{ id: 'dcm-roma' }],
      outreachEvents: [{ venueName: 'Mensa di via Marsala', startsAt }],
    });
    const gql = await gw.http.post('/graphql').send({ query: '{ whereToGo(comune: "060038") { comune { name } inpsUnits { id } outreachEvents { id } } }' });
    expect(gql.body.errors).toBeUndefined();
    expect(gql.body.data.whereToGo).toEqual({ comune: { name: 'Frosinone' }, inpsUnits: [{ id: 'dr-lazio' }], outreachEvents: [] });
    const bad = await gw.http.get('/api/v1/where-to-go').query({ comune: 'Roma' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.map((d: { field: string }) => d.field)).toContain('comune');
    expect((await gw.http.get('/api/v1/where-to-go').query({ comune: '999999' })).status).toBe(404);
  });

  it('puts the competent unit and the events planned in the screening’s comune in its outcome, over REST and the federated GraphQL', async () => {
    const { id, whereToGo } = await completedScreening({ language: 'it', territory: '058091' });
    expect(whereToGo).toMatchObject({
      comune: '058091',
      comuneName: 'Roma',
      available: true,
      complete: true,
      inpsUnits: [{ id: 'dcm-roma' }],
      outreachEvents: [{ venueKind: 'Mensa', venueName: 'Mensa di via Marsala', address: 'Via Marsala 109', startsAt, nearby: false }],
    });
    expect(whereToGo.nationalChannels.map((c: { id: string }) => c.id)).toEqual(['contact-centre', 'online-services', 'inps-app', 'patronati', 'caf']);
    const gql = await gw.http.post('/graphql').send({
      query: `{ screening(id: "${id}") { outcome { whereToGo { available inpsUnits { name } outreachEvents { venueName } nationalChannels { id reviewed } } } } }`,
    });
    expect(gql.body.errors).toBeUndefined();
    expect(gql.body.data.screening.outcome.whereToGo).toMatchObject({ available: true, outreachEvents: [{ venueName: 'Mensa di via Marsala' }] });
  });

  it('answers without the local part, and quickly, while the agreements service is down', async () => {
    proxy.setDown(true);
    try {
      const { whereToGo, ms } = await completedScreening({ language: 'en', territory: '072006' });
      expect(whereToGo).toMatchObject({
        comune: '072006',
        available: false,
        complete: false,
        missingBecause: 'REGISTRY_UNAVAILABLE',
        inpsUnits: [],
        outreachEvents: [],
      });
      expect(whereToGo.nationalChannels).toHaveLength(5);
      expect(ms).toBeLessThan(2_000);
    } finally {
      proxy.setDown(false);
    }
  });
});

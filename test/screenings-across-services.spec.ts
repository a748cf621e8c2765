/**
 * Screenings seen from outside the questionnaire service, through the gateway (issue 12):
 * - item 7: a `Screening` entity is answered by the questionnaire subgraph's reference resolver;
 *   through the gateway the caller's scope holds (NOT_FOUND, never INTERNAL), and `_entities` is not
 *   part of the public schema;
 * - item 17: a follow-up recorded in monitoring with the resume code the person holds on paper,
 *   resolved by the questionnaire service (workers running, so that the completed screening reaches
 *   monitoring first).
 */
import { testQueuePrefix } from '@inps/shared';
import { startGateway, startStack, type RunningGateway, type Stack } from '../services/gateway/test/stack';
import { lateProxy } from './support/late-proxy';

jest.setTimeout(300_000);

describe('screenings across services, through the gateway', () => {
  let stack: Stack;
  let gw: RunningGateway;
  let proxy: Awaited<ReturnType<typeof lateProxy>>;
  const tok: Record<string, string> = {};

  beforeAll(async () => {
    const queuePrefix = testQueuePrefix('scross');
    proxy = await lateProxy();
    stack = await startStack({
      questionnaire: { queuePrefix, worker: true },
      agreements: { queuePrefix },
      monitoring: { queuePrefix, worker: true, env: { QUESTIONNAIRE_URL: proxy.url, QUESTIONNAIRE_TIMEOUT_MS: '2000' } },
    });
    proxy.to(stack.services.questionnaire.url);
    gw = await startGateway(stack);
    tok.own = await stack.tokens.operator('caritas-roma');
    tok.other = await stack.tokens.operator('santegidio');
    tok.central = await stack.tokens.central();
  });
  afterAll(async () => {
    await gw?.close();
    await stack?.close();
    await proxy?.close();
  });

  const gql = (query: string, variables: object, token?: string) => {
    const r = gw.http.post('/graphql').set('content-type', 'application/json');
    return (token ? r.set('authorization', `Bearer ${token}`) : r).send(JSON.stringify({ query, variables }));
  };
  const startOperatorScreening = async (token: string) => {
    const res = await gw.http.post('/api/v1/screenings').set('authorization', `Bearer ${token}`).send({ mode: 'operator', language: 'it' });
    expect(res.status).toBe(201);
    return res.body as { id: string; resumeCode: string };
  };

  describe('Screening entities (item 7)', () => {
    it('answers a screening of another organisation NOT_FOUND with a code, its own organisation and central the screening', async () => {
      const s = await startOperatorScreening(tok.own as string);
      const query = `query($id: ID!) { screening(id: $id) { id mode status } }`;
      for (const token of [tok.own, tok.central]) {
        const res = await gql(query, { id: s.id }, token);
        expect(res.body.errors).toBeUndefined();
        expect(res.body.data.screening).toEqual({ id: s.id, mode: 'operator', status: 'IN_PROGRESS' });
      }
      for (const token of [tok.other, undefined]) {
        const res = await gql(query, { id: s.id }, token);
        expect(res.body.data?.screening ?? null).toBeNull();
        expect(res.body.errors.map((e: { extensions: { code: string } }) => e.extensions.code)).toEqual(['NOT_FOUND']);
      }
    });

    it('keeps _entities out of the public schema: a client asking for it gets a validation error, not INTERNAL', async () => {
      const s = await startOperatorScreening(tok.own as string);
      const res = await gql(`query($r: [_Any!]!) { _entities(representations: $r) { ... on Screening { id } } }`, {
        r: [{ __typename: 'Screening', id: s.id }],
      });
      expect(res.body.data?._entities).toBeUndefined();
      const codes = res.body.errors.map((e: { extensions?: { code?: string } }) => e.extensions?.code);
      expect(codes).not.toContain('INTERNAL');
      expect(codes).not.toContain('INTERNAL_SERVER_ERROR');
      expect(JSON.stringify(res.body)).not.toContain(s.id);
    });

    it('answers the entity from the subgraph behind the gateway to its organisation, NOT_FOUND to another', async () => {
      const s = await startOperatorScreening(tok.own as string);
      const entities = (token: string) =>
        fetch(`${stack.services.questionnaire.url}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify({
            query: `query($r: [_Any!]!) { _entities(representations: $r) { ... on Screening { id } } }`,
            variables: { r: [{ __typename: 'Screening', id: s.id }] },
          }),
        }).then((r) => r.json() as Promise<{ data?: { _entities: unknown[] }; errors?: { extensions: { code: string } }[] }>);
      expect((await entities(tok.own as string)).data?._entities).toEqual([{ id: s.id }]);
      const other = await entities(tok.other as string);
      expect(other.errors?.map((e) => e.extensions.code)).toEqual(['NOT_FOUND']);
    });
  });

  describe('a follow-up recorded with the resume code on paper (item 17)', () => {
    const followUp = (body: object, token = tok.own as string) =>
      gw.http
        .post('/api/v1/follow-ups')
        .set('authorization', `Bearer ${token}`)
        .send({ needs: ['ISEE'], help: [{ type: 'ISEE' }], ...body });

    it('is taken in charge by another organisation with only the code, resolved by the questionnaire', async () => {
      const s = await startOperatorScreening(tok.own as string);
      expect((await gw.http.post(`/api/v1/screenings/${s.id}/complete`).set('authorization', `Bearer ${tok.own}`)).status).toBe(200);
      // The completion reaches monitoring through the outbox, the queue and its worker.
      const typed = `${s.resumeCode.slice(0, 4).toLowerCase()} ${s.resumeCode.slice(4)}`;
      let res = await followUp({ resumeCode: typed }, tok.other);
      for (let i = 0; i < 120 && res.status === 404 && res.body.error.details[0].issue === 'screening not yet known to monitoring'; i++) {
        await new Promise((r) => setTimeout(r, 250));
        res = await followUp({ resumeCode: typed }, tok.other);
      }
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ screeningId: s.id, organisationId: 'santegidio', needs: ['ISEE'] });
      expect(proxy.paths.every((p) => p === '/internal/screenings/resolve-resume-code')).toBe(true);
      // The same screening by id is the same follow-up: one per screening and organisation.
      expect((await followUp({ screeningId: s.id }, tok.other)).status).toBe(409);
    });

    it('refuses a code of a screening still in progress (404 naming resumeCode), both keys at once (400), and the internal route through the gateway', async () => {
      const s = await startOperatorScreening(tok.own as string);
      const open = await followUp({ resumeCode: s.resumeCode });
      expect(open.status).toBe(404);
      expect(open.body.error.details[0].field).toBe('resumeCode');
      const both = await followUp({ resumeCode: s.resumeCode, screeningId: s.id });
      expect(both.status).toBe(400);
      expect(both.body.error.details[0].field).toBe('resumeCode');
      const internal = await gw.http.post('/internal/screenings/resolve-resume-code').send({ resumeCode: s.resumeCode, organisationId: 'caritas-roma' });
      expect(internal.status).toBe(404);
      expect(JSON.stringify(internal.body)).not.toContain(s.id);
    });

    it('answers 503 while the questionnaire is down, and works again once it is back', async () => {
      proxy.setDown(true);
      try {
        const res = await followUp({ resumeCode: 'AAAA3333' });
        expect(res.status).toBe(503);
        expect(res.body.error).toMatchObject({ code: 'SERVICE_UNAVAILABLE', details: [{ field: 'resumeCode', issue: 'cannot be checked now' }] });
      } finally {
        proxy.setDown(false);
      }
      expect((await followUp({ resumeCode: 'AAAA3333' })).status).toBe(404);
    });
  });
});

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

jest.setTimeout(300_000);

describe('screenings across services, through the gateway', () => {
  let stack: Stack;
  let gw: RunningGateway;
  const tok: Record<string, string> = {};

  beforeAll(async () => {
    const queuePrefix = testQueuePrefix('scross');
    stack = await startStack({
      questionnaire: { queuePrefix, worker: true },
      agreements: { queuePrefix },
      monitoring: { queuePrefix, worker: true },
    });
    gw = await startGateway(stack);
    tok.own = await stack.tokens.operator('caritas-roma');
    tok.other = await stack.tokens.operator('santegidio');
    tok.central = await stack.tokens.central();
  });
  afterAll(async () => {
    await gw?.close();
    await stack?.close();
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
      expect(JSON.stringify(res.body)).not.toContain(s.id.slice(0, 8) + '"');
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
});

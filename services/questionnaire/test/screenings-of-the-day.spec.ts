import { startQuestionnaire, type QuestionnaireTestApp } from './helpers';

/** The day's operator-mode screenings (GET /api/v1/screenings, GraphQL `screenings`), and answers refused as contradictory. */
describe('screenings of the day (real PostgreSQL and Redis)', () => {
  let t: QuestionnaireTestApp;
  let roma: string;
  let milano: string;
  /** Screenings of caritas-roma on 2026-03-10, by id: two in progress, one completed. */
  const romaIds: string[] = [];
  let milanoId: string;
  let selfId: string;

  const bearer = (token: string) => `Bearer ${token}`;
  const start = async (token: string | null, body: object) => {
    const req = t.http.post('/api/v1/screenings');
    const res = await (token ? req.set('authorization', bearer(token)) : req).send(body);
    expect(res.status).toBe(201);
    return res.body as { id: string; resumeCode: string; nextQuestion: { id: string } };
  };
  const list = (token: string | null, query = '') => {
    const req = t.http.get(`/api/v1/screenings${query}`);
    return token ? req.set('authorization', bearer(token)) : req;
  };

  beforeAll(async () => {
    t = await startQuestionnaire();
    roma = await t.tokens.operator('caritas-roma');
    milano = await t.tokens.operator('comune-milano');
    t.clock.set('2026-03-10T10:00:00Z');
    for (let i = 0; i < 3; i++) romaIds.push((await start(roma, { mode: 'operator', territory: '058091', channel: 'gazebo', language: 'ro' })).id);
    const first = romaIds[0]!;
    // One answered and completed: its summary counts the answer and the verdicts.
    const s = (await t.http.get(`/api/v1/screenings/${first}`).set('authorization', bearer(roma))).body;
    expect(
      (await t.http.post(`/api/v1/screenings/${first}/answers`).set('authorization', bearer(roma)).send({ questionId: s.nextQuestion.id, value: 70 })).status,
    ).toBe(200);
    expect((await t.http.post(`/api/v1/screenings/${first}/complete`).set('authorization', bearer(roma))).status).toBe(200);
    milanoId = (await start(milano, { mode: 'operator' })).id;
    selfId = (await start(null, { mode: 'self' })).id;
    // The next day in Rome (00:30 on the 11th is 23:30 UTC on the 10th): not the 10th's.
    t.clock.set('2026-03-10T23:30:00Z');
    await start(roma, { mode: 'operator' });
    t.clock.set('2026-03-10T10:00:00Z');
  });
  afterAll(async () => {
    await t?.close();
  });

  it("lists an operator's organisation's screenings of today, summaries with nothing personal", async () => {
    const res = await list(roma);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ day: '2026-03-10', total: 3, limit: 50, offset: 0 });
    expect(res.body.items.map((i: { id: string }) => i.id).sort()).toEqual([...romaIds].sort());
    const done = res.body.items.find((i: { id: string }) => i.id === romaIds[0]);
    expect(Object.keys(done).sort()).toEqual(
      ['answeredCount', 'asOf', 'channel', 'id', 'language', 'likelyCount', 'mode', 'ruleSetId', 'status', 'territory', 'undeterminedCount'].sort(),
    );
    expect(done).toMatchObject({ status: 'COMPLETED', mode: 'operator', channel: 'gazebo', territory: '058091', language: 'ro', answeredCount: 1 });
    expect(done.ruleSetId).toEqual(expect.any(String));
    expect(done.likelyCount + done.undeterminedCount).toBeGreaterThan(0);
    const open = res.body.items.find((i: { id: string }) => i.id === romaIds[1]);
    expect(open).toMatchObject({ status: 'IN_PROGRESS', answeredCount: 0, likelyCount: null, undeterminedCount: null });
    expect(JSON.stringify(res.body)).not.toMatch(/resumeCode|answers"|facts/);
  });

  it('lists another day by `day`, and the day as stored: the next day in Rome is not today', async () => {
    const next = await list(roma, '?day=2026-03-11');
    expect(next.status).toBe(200);
    expect(next.body).toMatchObject({ day: '2026-03-11', total: 1 });
    expect((await list(roma, '?day=2026-03-09')).body).toMatchObject({ total: 0, items: [] });
  });

  it('keeps organisations apart; central staff see all, or one by `organisation`; self-assessments never', async () => {
    const ids = (body: { items: { id: string }[] }) => body.items.map((i) => i.id);
    const m = await list(milano);
    expect(ids(m.body)).toEqual([milanoId]);
    const central = await t.tokens.central();
    const all = await list(central);
    expect(all.status).toBe(200);
    expect(ids(all.body).sort()).toEqual([...romaIds, milanoId].sort());
    expect(ids(all.body)).not.toContain(selfId);
    expect(ids((await list(central, '?organisation=comune-milano')).body)).toEqual([milanoId]);
    const refused = await list(roma, '?organisation=comune-milano');
    expect(refused.status).toBe(403);
    expect(refused.body.error.details).toEqual(expect.arrayContaining([{ field: 'organisation', issue: 'not your organisation' }]));
    // Naming its own organisation is allowed.
    expect((await list(roma, '?organisation=caritas-roma')).body.total).toBe(3);
  });

  it('refuses anonymous callers (401) and roles without a say on screenings (403); partner roles list their own', async () => {
    expect((await list(null)).status).toBe(401);
    for (const token of [await t.tokens.territorial(['12']), await t.tokens.dg()]) {
      const res = await list(token);
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe('FORBIDDEN');
    }
    for (const token of [await t.tokens.partnerApp('caritas-roma'), await t.tokens.partnerAdmin('caritas-roma')]) {
      expect((await list(token)).body.total).toBe(3);
    }
  });

  it('pages with limit and offset, the total over all pages', async () => {
    const first = await list(roma, '?limit=2');
    const second = await list(roma, '?limit=2&offset=2');
    expect(first.body).toMatchObject({ total: 3, limit: 2, offset: 0 });
    expect(second.body).toMatchObject({ total: 3, limit: 2, offset: 2 });
    expect(first.body.items).toHaveLength(2);
    expect(second.body.items).toHaveLength(1);
    const seen = [...first.body.items, ...second.body.items].map((i: { id: string }) => i.id).sort();
    expect(seen).toEqual([...romaIds].sort());
    expect((await list(roma, '?offset=10')).body).toMatchObject({ total: 3, items: [] });
  });

  it('refuses a bad day, organisation or page with a 400 naming the field', async () => {
    for (const [query, field] of [
      ['?day=2026-02-30', 'day'],
      ['?day=10/03/2026', 'day'],
      ['?organisation=Caritas%20Roma', 'organisation'],
      ['?limit=0', 'limit'],
      ['?limit=500', 'limit'],
      ['?offset=-1', 'offset'],
    ] as const) {
      const res = await list(roma, query);
      expect([query, res.status]).toEqual([query, 400]);
      expect(res.body.error.details.map((d: { field: string }) => d.field)).toContain(field);
    }
  });

  it('answers the GraphQL query `screenings` with the same rules', async () => {
    const query = `query($day: String, $limit: Int) { screenings(day: $day, limit: $limit) { day total items { id status answeredCount likelyCount } } }`;
    const gql = (token: string | null, variables: object) => {
      const req = t.http.post('/graphql');
      return (token ? req.set('authorization', bearer(token)) : req).send({ query, variables });
    };
    const own = await gql(roma, { day: '2026-03-10', limit: 10 });
    expect(own.body.errors).toBeUndefined();
    expect(own.body.data.screenings.total).toBe(3);
    expect(own.body.data.screenings.items.map((i: { id: string }) => i.id).sort()).toEqual([...romaIds].sort());
    const bad = await gql(roma, { day: 'yesterday' });
    expect(JSON.stringify(bad.body.errors)).toMatch(/day/);
    const anonymous = await gql(null, {});
    expect(anonymous.body.errors?.[0]?.extensions?.code).toMatch(/UNAUTHENTICATED|UNAUTHORIZED/);
  });
});

describe('an answer refused as contradictory (real PostgreSQL and Redis)', () => {
  let t: QuestionnaireTestApp;
  beforeAll(async () => {
    t = await startQuestionnaire();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('names the earlier answers to change, by question, beside the answer refused', async () => {
    let s = (await t.http.post('/api/v1/screenings').send({ mode: 'self', language: 'en' })).body;
    const answer = async (questionId: string, value: unknown) => t.http.post(`/api/v1/screenings/${s.id}/answers`).send({ questionId, value });
    expect(s.nextQuestion.id).toBe('age');
    s = (await answer('age', 40)).body;
    expect(s.nextQuestion.id).toBe('household-size');
    s = (await answer('household-size', 2)).body;
    expect(s.nextQuestion.id).toBe('minors');
    const refused = await answer('minors', 2);
    expect(refused.status).toBe(400);
    expect(refused.body.error.details).toEqual([
      { field: 'value', issue: 'must be at most 1 given the other facts, got 2' },
      { field: 'answers.age', issue: 'contradicts this answer' },
      { field: 'answers.household-size', issue: 'contradicts this answer' },
    ]);
    // A value wrong by itself names no earlier answer.
    const alone = await answer('minors', 1.5);
    expect(alone.status).toBe(400);
    expect(alone.body.error.details).toEqual([{ field: 'value', issue: 'must be a whole number, got 1.5' }]);
    expect((await answer('minors', 1)).status).toBe(200);
  });
});

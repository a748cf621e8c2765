import { startQuestionnaire, type QuestionnaireTestApp } from './helpers';

/** "Don't know" (value null) end to end: every question accepts it, and the screening goes on to the end. */
describe("don't-know answers (real PostgreSQL and Redis)", () => {
  let t: QuestionnaireTestApp;
  beforeAll(async () => {
    t = await startQuestionnaire();
  });
  afterAll(async () => {
    await t?.close();
  });

  interface Outcome {
    unknownFacts: string[];
    benefits: { id: string; status: string; missingFacts: string[] }[];
  }

  /** Every benefit is UNDETERMINED with what is missing, or decided without the facts nobody knew. */
  function expectOnlyUnknowns(outcome: Outcome, answers: { fact: string; value: unknown; dontKnow: boolean }[]): void {
    expect(answers.length).toBeGreaterThan(0);
    expect(answers.every((a) => a.value === null && a.dontKnow)).toBe(true);
    expect([...outcome.unknownFacts].sort()).toEqual(answers.map((a) => a.fact).sort());
    for (const b of outcome.benefits) {
      expect(['UNDETERMINED', 'NOT_ELIGIBLE', 'LIKELY_ELIGIBLE']).toContain(b.status);
      if (b.status === 'UNDETERMINED') expect(b.missingFacts.length).toBeGreaterThan(0);
    }
    expect(outcome.benefits.some((b) => b.status === 'UNDETERMINED')).toBe(true);
  }

  it('REST: null to every question, never a 400, never the same question twice, to the outcome', async () => {
    const start = await t.http.post('/api/v1/screenings').send({ mode: 'self', language: 'it' });
    expect(start.status).toBe(201);
    let s = start.body;
    const asked: string[] = [];
    while (s.status === 'IN_PROGRESS') {
      expect(asked).not.toContain(s.nextQuestion.id);
      asked.push(s.nextQuestion.id);
      const res = await t.http.post(`/api/v1/screenings/${s.id}/answers`).send({ questionId: s.nextQuestion.id, value: null });
      expect(res.status).toBe(200);
      s = res.body;
      expect(asked.length).toBeLessThan(100);
    }
    expect(s.status).toBe('COMPLETED');
    expect(s.answers.map((a: { questionId: string }) => a.questionId)).toEqual(asked);
    expectOnlyUnknowns(s.outcome, s.answers);
    const read = await t.http.get(`/api/v1/screenings/${s.id}`);
    expect(read.body.answers[0]).toMatchObject({ value: null, dontKnow: true });
    expect(read.body.outcome.unknownFacts).toEqual(s.outcome.unknownFacts);
  });

  it('REST: a known answer has dontKnow false; null can be changed to a value later, and a value to null', async () => {
    const s = (await t.http.post('/api/v1/screenings').send({ mode: 'self', language: 'it' })).body;
    const first = s.nextQuestion;
    const a1 = await t.http.post(`/api/v1/screenings/${s.id}/answers`).send({ questionId: first.id, value: null });
    expect(a1.body.answers).toEqual([{ questionId: first.id, fact: first.fact, value: null, dontKnow: true }]);
    expect(a1.body.nextQuestion.id).not.toBe(first.id);
    // The same null sent again (a retry) counts once.
    const again = await t.http.post(`/api/v1/screenings/${s.id}/answers`).send({ questionId: first.id, value: null });
    expect(again.status).toBe(200);
    expect(again.body.answeredCount).toBe(1);
    const changed = await t.http.put(`/api/v1/screenings/${s.id}/answers/${first.id}`).send({ value: 40 });
    expect(changed.status).toBe(200);
    expect(changed.body.answers[0]).toEqual({ questionId: first.id, fact: first.fact, value: 40, dontKnow: false });
    const back = await t.http.put(`/api/v1/screenings/${s.id}/answers/${first.id}`).send({ value: null });
    expect(back.status).toBe(200);
    expect(back.body.answers[0]).toMatchObject({ value: null, dontKnow: true });
    const done = await t.http.post(`/api/v1/screenings/${s.id}/complete`);
    expect(done.body.outcome.unknownFacts).toEqual([first.fact]);
  });

  it('REST: a wrong type or a missing value is still a 400 naming value', async () => {
    const s = (await t.http.post('/api/v1/screenings').send({ mode: 'self', language: 'it' })).body;
    for (const body of [{ questionId: s.nextQuestion.id, value: 'forty' }, { questionId: s.nextQuestion.id }, { questionId: s.nextQuestion.id, value: [] }]) {
      const res = await t.http.post(`/api/v1/screenings/${s.id}/answers`).send(body);
      expect(res.status).toBe(400);
      expect(JSON.stringify(res.body)).toContain('value');
    }
  });

  it('REST evaluate: explicit null facts are unknown and listed', async () => {
    const res = await t.http.post('/api/v1/screenings/evaluate').send({ facts: { age: 70, isee: null, hasIsee: null } });
    expect(res.status).toBe(200);
    expect(res.body.unknownFacts.sort()).toEqual(['hasIsee', 'isee']);
    const sociale = res.body.benefits.find((b: { id: string }) => b.id === 'assegno-sociale');
    if (sociale?.status === 'UNDETERMINED') expect(sociale.missingFacts.length).toBeGreaterThan(0);
  });

  const gql = (query: string, variables: object = {}) => t.http.post('/graphql').set('content-type', 'application/json').send({ query, variables });
  const FIELDS = 'id status nextQuestion { id } answers { fact value dontKnow } outcome { unknownFacts benefits { id status missingFacts } }';

  it('GraphQL: null to every question, to the outcome', async () => {
    const started = await gql(`mutation { startScreening(input: { mode: "self", language: "it" }) { ${FIELDS} } }`);
    expect(started.body.errors).toBeUndefined();
    let s = started.body.data.startScreening;
    let count = 0;
    while (s.status === 'IN_PROGRESS') {
      const res = await gql(`mutation($id: ID!, $q: String!, $v: FactValue) { answerQuestion(screeningId: $id, questionId: $q, value: $v) { ${FIELDS} } }`, {
        id: s.id,
        q: s.nextQuestion.id,
        v: null,
      });
      expect(res.body.errors).toBeUndefined();
      s = res.body.data.answerQuestion;
      expect(++count).toBeLessThan(100);
    }
    expectOnlyUnknowns(s.outcome, s.answers);
    // evaluateFacts takes explicit null facts the same way.
    const evaluated = await gql(`{ evaluateFacts(input: { facts: { age: 70, isee: null } }) { unknownFacts } }`);
    expect(evaluated.body.data.evaluateFacts.unknownFacts).toEqual(['isee']);
  });

  it('GraphQL: a literal null answer, and a wrong type still refused naming value', async () => {
    const s = (await gql(`mutation { startScreening(input: { mode: "self", language: "it" }) { id nextQuestion { id } } }`)).body.data.startScreening;
    const ok = await gql(`mutation { answerQuestion(screeningId: "${s.id}", questionId: "${s.nextQuestion.id}", value: null) { answers { value dontKnow } } }`);
    expect(ok.body.errors).toBeUndefined();
    expect(ok.body.data.answerQuestion.answers).toEqual([{ value: null, dontKnow: true }]);
    const bad = await gql(`mutation { changeAnswer(screeningId: "${s.id}", questionId: "${s.nextQuestion.id}", value: "forty") { id } }`);
    expect(bad.body.errors).toHaveLength(1);
    expect(JSON.stringify(bad.body.errors[0].extensions)).toContain('value');
  });
});

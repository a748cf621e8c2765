import { startQuestionnaire, type QuestionnaireTestApp } from './helpers';
import { loadScenarioFiles } from './support/rule-sets';

/** "Don't know" (value null) end to end: every question accepts it, and the screening goes on to the end. */
describe("don't-know answers (real PostgreSQL and Redis)", () => {
  let t: QuestionnaireTestApp;
  beforeAll(async () => {
    t = await startQuestionnaire();
  });
  afterAll(async () => {
    await t?.close();
  });

  interface Text {
    text: string;
    language: string;
    reviewed: boolean;
  }
  interface Step {
    fact: string;
    step: Text | null;
  }
  interface Outcome {
    unknownFacts: string[];
    inferredFacts: { fact: string; value: unknown; explanation: Text }[];
    findOut: Step[];
    benefits: { id: string; status: string; missingFacts: string[]; findOut: Step[] }[];
  }

  /**
   * Every benefit is UNDETERMINED with what is missing, each with the step to find it out, or decided
   * without the facts nobody knew; every don't-know is unknown (with its step) or inferred.
   */
  function expectOnlyUnknowns(outcome: Outcome, answers: { fact: string; value: unknown; dontKnow: boolean }[], language = 'it'): void {
    expect(answers.length).toBeGreaterThan(0);
    expect(answers.every((a) => a.value === null && a.dontKnow)).toBe(true);
    expect([...outcome.unknownFacts, ...outcome.inferredFacts.map((f) => f.fact)].sort()).toEqual(answers.map((a) => a.fact).sort());
    expect(outcome.findOut.map((s) => s.fact)).toEqual(outcome.unknownFacts);
    for (const s of outcome.findOut) expect(s.step).toMatchObject({ text: expect.any(String), language });
    for (const b of outcome.benefits) {
      expect(['UNDETERMINED', 'NOT_ELIGIBLE', 'LIKELY_ELIGIBLE']).toContain(b.status);
      if (b.status === 'UNDETERMINED') {
        expect(b.missingFacts.length).toBeGreaterThan(0);
        expect(b.findOut.map((s) => s.fact)).toEqual(b.missingFacts);
        for (const s of b.findOut) expect(s.step).toMatchObject({ text: expect.any(String), language });
      } else expect(b.findOut).toEqual([]);
    }
    expect(outcome.benefits.some((b) => b.status === 'UNDETERMINED')).toBe(true);
  }

  /** The verdicts the scenario file expects of the screening answered "don't know" throughout (scenarios.spec.ts runs it through the engine). */
  function allDontKnowScenario(ruleSet: string): Record<string, string> {
    const c = loadScenarioFiles()
      .filter((f) => f.ruleSet === ruleSet)
      .flatMap((f) => f.cases)
      .find((x) => x.unanswered === 'dontKnow' && !x.facts && !x.extends && !x.answers);
    if (!c) throw new Error(`no all-don't-know scenario for ${ruleSet}`);
    return Object.fromEntries(Object.entries(c.expect).map(([id, e]) => [id, e.status]));
  }

  for (const [ruleSet, start] of [
    ['it-2026', { mode: 'self', language: 'en' }],
    ['it-2019-10', { mode: 'self', language: 'it', asOf: '2019-11-15' }],
  ] as const) {
    it(`REST, ${ruleSet}: "don't know" throughout ends as the scenario says, with a step for every missing fact`, async () => {
      const started = await t.http.post('/api/v1/screenings').send(start);
      expect(started.status).toBe(201);
      let s = started.body;
      expect(s.ruleSet.id).toBe(ruleSet);
      for (let i = 0; s.status === 'IN_PROGRESS'; i++) {
        const res = await t.http.post(`/api/v1/screenings/${s.id}/answers`).send({ questionId: s.nextQuestion.id, value: null });
        expect({ question: s.nextQuestion.id, status: res.status }).toEqual({ question: s.nextQuestion.id, status: 200 });
        s = res.body;
        expect(i).toBeLessThan(100);
      }
      expectOnlyUnknowns(s.outcome, s.answers, start.language);
      expect(Object.fromEntries(s.outcome.benefits.map((b: { id: string; status: string }) => [b.id, b.status]))).toEqual(allDontKnowScenario(ruleSet));
      // Read back later: the same steps, from the stored outcome.
      const read = await t.http.get(`/api/v1/screenings/${s.id}`);
      expect(read.body.outcome.findOut).toEqual(s.outcome.findOut);
    });
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

  it('REST evaluate: a null the other facts settle is inferred and explained, in the language asked for', async () => {
    const res = await t.http
      .post('/api/v1/screenings/evaluate')
      .send({ language: 'en', facts: { age: 30, householdSize: 1, minorsInHousehold: null, childAtNursery: null, hasIsee: true, isee: null } });
    expect(res.status).toBe(200);
    expect(res.body.unknownFacts).toEqual(['isee']);
    expect(res.body.findOut).toEqual([{ fact: 'isee', step: { text: expect.stringContaining('DSU'), language: 'en', reviewed: false } }]);
    expect(res.body.inferredFacts).toHaveLength(2);
    expect(res.body.inferredFacts).toEqual(
      expect.arrayContaining([
        { fact: 'minorsInHousehold', value: 0, explanation: { text: expect.stringContaining('(0)'), language: 'en', reviewed: false } },
        { fact: 'childAtNursery', value: false, explanation: { text: expect.stringContaining('(no)'), language: 'en', reviewed: false } },
      ]),
    );
    const open = res.body.benefits.filter((b: { status: string }) => b.status === 'UNDETERMINED');
    expect(open.length).toBeGreaterThan(0);
    for (const b of open) expect(b.findOut.map((x: Step) => x.fact)).toEqual(b.missingFacts);
  });

  it('REST evaluate: explicit null facts are unknown and listed', async () => {
    const res = await t.http.post('/api/v1/screenings/evaluate').send({ facts: { age: 70, isee: null, hasIsee: null } });
    expect(res.status).toBe(200);
    expect(res.body.unknownFacts.sort()).toEqual(['hasIsee', 'isee']);
    const sociale = res.body.benefits.find((b: { id: string }) => b.id === 'assegno-sociale');
    if (sociale?.status === 'UNDETERMINED') expect(sociale.missingFacts.length).toBeGreaterThan(0);
  });

  const gql = (query: string, variables: object = {}) => t.http.post('/graphql').set('content-type', 'application/json').send({ query, variables });
  const STEP = 'fact step { text language reviewed }';
  const FIELDS = `id status nextQuestion { id } answers { fact value dontKnow } outcome { unknownFacts findOut { ${STEP} } inferredFacts { fact value explanation { text language reviewed } } benefits { id status missingFacts findOut { ${STEP} } } }`;

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
    const evaluated = await gql(
      `{ evaluateFacts(input: { language: "fr", facts: { age: 70, isee: null, householdSize: 1, minorsInHousehold: null } }) { unknownFacts findOut { ${STEP} } inferredFacts { fact value explanation { text language } } } }`,
    );
    expect(evaluated.body.errors).toBeUndefined();
    expect(evaluated.body.data.evaluateFacts.unknownFacts).toEqual(['isee']);
    expect(evaluated.body.data.evaluateFacts.findOut).toEqual([
      { fact: 'isee', step: { text: expect.stringContaining('DSU'), language: 'fr', reviewed: false } },
    ]);
    expect(evaluated.body.data.evaluateFacts.inferredFacts).toEqual([
      { fact: 'minorsInHousehold', value: 0, explanation: { text: expect.stringContaining('(0)'), language: 'fr' } },
    ]);
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

import { startQuestionnaire, type QuestionnaireTestApp } from './helpers';

describe('questionnaire GraphQL subgraph', () => {
  let t: QuestionnaireTestApp;
  beforeAll(async () => {
    t = await startQuestionnaire();
  });
  afterAll(async () => {
    await t?.close();
  });

  const gql = (query: string, variables: object = {}, token?: string) => {
    const req = t.http.post('/graphql').set('content-type', 'application/json');
    if (token) req.set('authorization', `Bearer ${token}`);
    return req.send({ query, variables });
  };

  it('runs a screening: start, answer, read the next question', async () => {
    const started = await gql(
      `mutation { startScreening(input: { mode: "self", language: "en" }) { id resumeCode status nextQuestion { id fact type label } } }`,
    );
    expect(started.body.errors).toBeUndefined();
    const s = started.body.data.startScreening;
    expect(s.status).toBe('IN_PROGRESS');
    expect(s.nextQuestion.fact).toBe('age');
    const answered = await gql(
      `mutation($id: ID!, $q: String!, $v: FactValue!) { answerQuestion(screeningId: $id, questionId: $q, value: $v) { answeredCount answers { fact value } nextQuestion { fact } } }`,
      { id: s.id, q: s.nextQuestion.id, v: 71 },
    );
    expect(answered.body.errors).toBeUndefined();
    expect(answered.body.data.answerQuestion.answers).toEqual([{ fact: 'age', value: 71 }]);
    expect(answered.body.data.answerQuestion.nextQuestion.fact).not.toBe('age');
    const byCode = await gql(`query($c: String!) { screeningByResumeCode(resumeCode: $c) { id answeredCount } }`, { c: s.resumeCode });
    expect(byCode.body.data.screeningByResumeCode).toEqual({ id: s.id, answeredCount: 1 });
  });

  it('evaluates facts and reports a bad fact as a coded error naming it', async () => {
    const ok = await gql(
      `query($f: JSONObject!) { evaluateFacts(input: { facts: $f, language: "it" }) { ruleSet { id } benefits { id status missingFacts explanation { text holds } } } }`,
      {
        f: { age: 70, citizenship: 'IT', yearsOfResidenceInItaly: 70, maritalStatus: 'SINGLE', personalIncome: 1000 },
      },
    );
    expect(ok.body.errors).toBeUndefined();
    const sociale = ok.body.data.evaluateFacts.benefits.find((b: { id: string }) => b.id === 'assegno-sociale');
    expect(sociale.status).toBe('LIKELY_ELIGIBLE');

    const bad = await gql(`query($f: JSONObject!) { evaluateFacts(input: { facts: $f }) { ruleSet { id } } }`, { f: { age: -3 } });
    expect(bad.body.data).toEqual({ evaluateFacts: null });
    expect(bad.body.errors[0].extensions.code).toBe('VALIDATION_FAILED');
    expect(JSON.stringify(bad.body.errors[0].extensions)).toContain('facts.age');
    expect(JSON.stringify(bad.body.errors[0])).not.toMatch(/stack|at \w+ \(/);
  });

  it('lists rule sets with parameters and successors', async () => {
    const res = await gql(`{ ruleSets { id parameters { name confirmed } benefits { id successors { id relation } } } }`);
    expect(res.body.errors).toBeUndefined();
    const old = res.body.data.ruleSets.find((r: { id: string }) => r.id === 'it-2019-10');
    const rdc = old.benefits.find((b: { id: string }) => b.id === 'reddito-cittadinanza');
    expect(rdc.successors.map((s: { id: string }) => s.id)).toEqual(expect.arrayContaining(['assegno-inclusione']));
  });

  it('lets only central publish a rule set', async () => {
    const res = await gql(`mutation { publishRuleSet(definition: { id: "x" }) { id } }`, {}, await t.tokens.operator());
    expect(res.body.errors[0].extensions.code).toBe('FORBIDDEN');
  });
});

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

  describe('federation _entities for Screening', () => {
    const entities = (representations: object[], token?: string) =>
      gql(`query($r: [_Any!]!) { _entities(representations: $r) { ... on Screening { id status mode answeredCount } } }`, { r: representations }, token);
    const start = async (token?: string) => {
      const req = t.http.post('/api/v1/screenings').send(token ? { mode: 'operator', language: 'it' } : { mode: 'self', language: 'it' });
      const res = token ? await req.set('authorization', `Bearer ${token}`) : await req;
      expect(res.status).toBe(201);
      return res.body as { id: string };
    };

    it('answers a self-assessment to anyone holding its id, and an operator screening to its organisation and central', async () => {
      const self = await start();
      const anonymous = await entities([{ __typename: 'Screening', id: self.id }]);
      expect(anonymous.body.errors).toBeUndefined();
      expect(anonymous.body.data._entities).toEqual([{ id: self.id, status: 'IN_PROGRESS', mode: 'self', answeredCount: 0 }]);

      const own = await t.tokens.operator('caritas-roma');
      const op = await start(own);
      for (const token of [own, await t.tokens.central()]) {
        const res = await entities([{ __typename: 'Screening', id: op.id }], token);
        expect(res.body.errors).toBeUndefined();
        expect(res.body.data._entities[0]).toMatchObject({ id: op.id, mode: 'operator' });
      }
    });

    it('answers NOT_FOUND, never INTERNAL, for a screening the caller may not see or that does not exist', async () => {
      const op = await start(await t.tokens.operator('caritas-roma'));
      for (const [id, token] of [
        [op.id, await t.tokens.operator('santegidio')],
        [op.id, undefined],
        ['00000000-0000-4000-8000-000000000000', undefined],
      ] as const) {
        const res = await entities([{ __typename: 'Screening', id }], token);
        expect(res.body.data?._entities ?? [null]).toEqual([null]);
        expect(res.body.errors.map((e: { extensions: { code: string } }) => e.extensions.code)).toEqual(['NOT_FOUND']);
      }
    });

    it('refuses an id that is not a UUID as BAD_USER_INPUT naming the field', async () => {
      for (const id of ['not-a-uuid', 42, undefined]) {
        const res = await entities([{ __typename: 'Screening', id }]);
        expect(res.body.errors).toHaveLength(1);
        expect(res.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
        expect(res.body.errors[0].extensions.details).toEqual([{ field: 'id', issue: 'must be a UUID' }]);
        expect(res.body.errors[0].extensions.developerMessage).toContain('id');
      }
    });

    it('refuses a bad token as UNAUTHORIZED', async () => {
      const self = await start();
      const res = await entities([{ __typename: 'Screening', id: self.id }], 'not-a-token');
      expect(res.body.errors[0].extensions.code).toBe('UNAUTHORIZED');
    });
  });

  it('answers _entities for RuleSet like ruleSet(id), with a code for an unknown or malformed id', async () => {
    const q = `query($r: [_Any!]!) { _entities(representations: $r) { ... on RuleSet { id status } } }`;
    const ok = await gql(q, { r: [{ __typename: 'RuleSet', id: 'it-2026' }] });
    expect(ok.body.errors).toBeUndefined();
    expect(ok.body.data._entities).toEqual([{ id: 'it-2026', status: 'published' }]);
    const unknown = await gql(q, { r: [{ __typename: 'RuleSet', id: 'xx-1999' }] });
    expect(unknown.body.errors[0].extensions.code).toBe('NOT_FOUND');
    const bad = await gql(q, { r: [{ __typename: 'RuleSet', id: 7 }] });
    expect(bad.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', details: [{ field: 'id', issue: 'must be a rule set id' }] });
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

  it('reads one rule set with its origin, parameters and benefits', async () => {
    const res = await gql(`{ ruleSet(id: "it-2026") { id status source effectiveFrom parameters { name } benefits { id } } }`);
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.ruleSet).toMatchObject({ id: 'it-2026', status: 'published', source: 'builtin', effectiveFrom: '2026-01-01' });
    expect(res.body.data.ruleSet.benefits.length).toBeGreaterThan(0);
  });

  const UNKNOWN_SCREENING = '00000000-0000-4000-8000-000000000000';

  // The same class-validator rules as the REST bodies (test/screenings.spec.ts), through the same pipe.
  it.each([
    ['a mode that does not exist', `mutation { startScreening(input: { mode: "robot" }) { id } }`, 'mode'],
    ['a language the programme does not speak', `mutation { startScreening(input: { mode: "self", language: "de" }) { id } }`, 'language'],
    ['a channel that does not exist', `mutation { startScreening(input: { mode: "self", channel: "pigeon" }) { id } }`, 'channel'],
    ['a territory that is not an ISTAT comune code', `mutation { startScreening(input: { mode: "self", territory: "12" }) { id } }`, 'territory'],
    ['a day that does not exist', `mutation { startScreening(input: { mode: "self", asOf: "2026-02-30" }) { id } }`, 'asOf'],
    ['an evaluation in a language the programme does not speak', `{ evaluateFacts(input: { facts: {}, language: "de" }) { ruleSet { id } } }`, 'language'],
    ['an evaluation on a day that does not exist', `{ evaluateFacts(input: { facts: {}, asOf: "2026-02-30" }) { ruleSet { id } } }`, 'asOf'],
    ['an empty rule set id', `{ evaluateFacts(input: { facts: {}, ruleSet: "" }) { ruleSet { id } } }`, 'ruleSet'],
    ['a malformed screening id', `{ screening(id: "1' OR '1'='1") { id } }`, 'id'],
    ['a malformed screening id to answer', `mutation { answerQuestion(screeningId: "nope", questionId: "age", value: 40) { id } }`, 'screeningId'],
    [
      'a question id too long',
      `mutation { answerQuestion(screeningId: "${UNKNOWN_SCREENING}", questionId: "${'q'.repeat(65)}", value: 40) { id } }`,
      'questionId',
    ],
    [
      'an answer too long to be an option',
      `mutation { answerQuestion(screeningId: "${UNKNOWN_SCREENING}", questionId: "age", value: "${'x'.repeat(65)}") { id } }`,
      'value',
    ],
    ['a malformed screening id to change', `mutation { changeAnswer(screeningId: "nope", questionId: "age", value: 40) { id } }`, 'screeningId'],
    ['a malformed screening id to complete', `mutation { completeScreening(screeningId: "nope") { id } }`, 'screeningId'],
  ])('refuses %s as REST does, naming the field', async (_case, query, field) => {
    const res = await gql(query);
    expect(res.body.errors).toHaveLength(1);
    const [error] = res.body.errors;
    expect(error.extensions.code).toBe('VALIDATION_FAILED');
    expect(error.extensions.details.map((d: { field: string }) => d.field)).toContain(field);
    expect(error.message).toMatch(new RegExp(`^Alcuni dati inviati non sono validi: controlli i campi indicati e riprovi\\. \\((.*, )?${field}(, .*)?\\)$`));
    expect(JSON.stringify(error)).not.toMatch(/stack|at \w+ \(/);
  });

  it('refuses unknown fields in an input, as REST refuses unknown properties', async () => {
    const res = await gql(`mutation { startScreening(input: { mode: "self", ipAddress: "1.2.3.4" }) { id } }`);
    expect(res.body.errors[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(res.body.errors[0].extensions.developerMessage).toContain('ipAddress');
  });
});

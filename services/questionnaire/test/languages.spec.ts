import { LANGUAGES } from '@inps/kernel';
import { loadBuiltIns } from '../src/modules/rulesets/rule-set-files';
import { startQuestionnaire, type QuestionnaireTestApp } from './helpers';

/*
 * Languages as data (docs/api.md, "Languages"): the language of each answer, the status of every
 * text, the visible Italian fallback, and the languages of each rule set.
 */

const FACTS = { age: 70, citizenship: 'IT', yearsOfResidenceInItaly: 70, maritalStatus: 'WIDOWED', personalIncome: 4000 };
type Status = { language: string; reviewed: boolean };
type Benefit = { id: string; name: string; explanation: { text: string }[]; textStatus: { name: Status; explanation: Status[]; documents: Status[] } };

describe('languages (real PostgreSQL and Redis)', () => {
  let t: QuestionnaireTestApp;
  const builtIn = loadBuiltIns().find((b) => b.definition.id === 'it-2026');
  if (!builtIn) throw new Error('it-2026 missing');
  const nameIn = (id: string, lang: 'it' | 'ro') => {
    const b = builtIn.definition.benefits.find((x) => x.id === id);
    return lang === 'it' ? b?.name.it : (builtIn.translations.ro?.texts.get(b?.name.it ?? '') ?? b?.name.it);
  };

  beforeAll(async () => {
    t = await startQuestionnaire();
  });
  afterAll(async () => {
    await t?.close();
  });

  const evaluate = (body: object, accept?: string) => {
    const req = t.http.post('/api/v1/screenings/evaluate');
    if (accept) req.set('accept-language', accept);
    return req.send({ facts: FACTS, ...body });
  };

  it('keeps the string fields and gives every text its language and review status', async () => {
    const res = await evaluate({ language: 'en' });
    expect(res.status).toBe(200);
    for (const b of res.body.benefits as Benefit[]) {
      expect(typeof b.name).toBe('string');
      expect(b.textStatus.name).toEqual({ language: 'en', reviewed: false });
      expect(b.textStatus.explanation).toHaveLength(b.explanation.length);
    }
    expect(res.body.translation).toEqual({ requested: 'en', languagesUsed: ['en'], allReviewed: false });
    const it = await evaluate({});
    expect(it.body.translation).toEqual({ requested: 'it', languagesUsed: ['it'], allReviewed: true });
  });

  it('shows a text without a translation in Italian, and says so', async () => {
    const res = await evaluate({ language: 'ro' });
    expect(res.status).toBe(200);
    expect(res.body.translation.requested).toBe('ro');
    for (const b of res.body.benefits as Benefit[]) {
      expect(b.name).toBe(nameIn(b.id, 'ro'));
      expect(b.textStatus.name.language).toBe(b.name === nameIn(b.id, 'it') && !builtIn.translations.ro?.texts.has(b.name) ? 'it' : 'ro');
    }
  });

  it('takes Accept-Language when the request names no language, and the language field over it', async () => {
    const header = await evaluate({}, 'de-DE, en;q=0.8');
    expect(header.body.translation.requested).toBe('en');
    const field = await evaluate({ language: 'it' }, 'en');
    expect(field.body.translation.requested).toBe('it');
    // A header naming only languages the programme does not speak is a preference, not an error.
    const unknown = await evaluate({}, 'de, ja');
    expect(unknown.status).toBe(200);
    expect(unknown.body.translation.requested).toBe('it');
  });

  it('refuses an unknown language with a 400 naming the field and listing those available', async () => {
    const res = await evaluate({ language: 'de' });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
    const detail = res.body.error.details.find((d: { field: string }) => d.field === 'language');
    expect(detail.issue).toContain(LANGUAGES.join(', '));
    const started = await t.http.post('/api/v1/screenings').send({ mode: 'self', language: 'en' });
    const get = await t.http.get(`/api/v1/screenings/${started.body.id}?language=xx`);
    expect(get.status).toBe(400);
    expect(get.body.error.details).toEqual([expect.objectContaining({ field: 'language', issue: expect.stringContaining('it, en, ro') })]);
  });

  it('answers a screening in the language of each request, else its own', async () => {
    const started = await t.http.post('/api/v1/screenings').send({ mode: 'self', language: 'en' });
    expect(started.status).toBe(201);
    expect(started.body.nextQuestion.textStatus.label).toEqual({ language: 'en', reviewed: false });
    const own = await t.http.get(`/api/v1/screenings/${started.body.id}`);
    expect(own.body.translation.requested).toBe('en');
    expect(own.body.nextQuestion.label).toBe(started.body.nextQuestion.label);
    const italian = await t.http.get(`/api/v1/screenings/${started.body.id}?language=it`);
    expect(italian.body.language).toBe('en');
    expect(italian.body.translation).toEqual({ requested: 'it', languagesUsed: ['it'], allReviewed: true });
    const q = builtIn.definition.questions.find((x) => x.id === started.body.nextQuestion.id);
    expect(italian.body.nextQuestion.label).toBe(q?.label.it);
    const header = await t.http.get(`/api/v1/screenings/${started.body.id}`).set('accept-language', 'it-IT,it;q=0.9');
    expect(header.body.nextQuestion.label).toBe(q?.label.it);
    // The outcome, stored in the screening's language, is given again in another one.
    const done = await t.http.post(`/api/v1/screenings/${started.body.id}/complete?language=it`);
    expect(done.status).toBe(200);
    expect(done.body.outcome.translation.requested).toBe('it');
    const english = await t.http.get(`/api/v1/screenings/${started.body.id}`);
    expect(english.body.outcome.translation.requested).toBe('en');
    expect(english.body.outcome.benefits[0].name).not.toBe(done.body.outcome.benefits[0].name);
  });

  it('starts a screening in any of the programme languages', async () => {
    for (const language of LANGUAGES) {
      const res = await t.http.post('/api/v1/screenings').send({ mode: 'self', language });
      expect(res.status).toBe(201);
      expect(res.body.language).toBe(language);
      expect(res.body.translation.requested).toBe(language);
    }
  });

  it('lists the languages of each rule set, complete and reviewed', async () => {
    const res = await t.http.get('/api/v1/rulesets');
    const it2026 = res.body.find((r: { id: string }) => r.id === 'it-2026');
    expect(it2026.languages[0]).toEqual({ language: 'it', reviewed: true, complete: true });
    expect(it2026.languages).toContainEqual({ language: 'en', reviewed: false, complete: true });
    expect(it2026.languages.map((l: { language: string }) => l.language)).toEqual(
      LANGUAGES.filter((l) => l === 'it' || l === 'en' || builtIn.translations[l] !== undefined),
    );
  });

  it('shows a rule set published through the API in Italian, visibly, whatever the language asked for', async () => {
    const definition = {
      ...builtIn.definition,
      id: 'it-2030',
      title: { it: 'Regole 2030', en: 'Rules 2030' },
      effectiveFrom: '2030-01-01',
      effectiveTo: null,
      status: 'draft',
    };
    const created = await t.http
      .post('/api/v1/rulesets')
      .set('authorization', `Bearer ${await t.tokens.central()}`)
      .send({ definition });
    expect(created.status).toBe(201);
    expect(created.body.languages).toEqual([
      { language: 'it', reviewed: true, complete: true },
      { language: 'en', reviewed: false, complete: true },
    ]);
    const res = await evaluate({ ruleSet: 'it-2030', language: 'fr' });
    expect(res.status).toBe(200);
    expect(res.body.translation).toEqual({ requested: 'fr', languagesUsed: ['it'], allReviewed: true });
    for (const b of res.body.benefits as Benefit[]) {
      expect(b.name).toBe(nameIn(b.id, 'it'));
      expect(b.textStatus.name).toEqual({ language: 'it', reviewed: true });
      expect(b.textStatus.explanation.every((s) => s.language === 'it')).toBe(true);
    }
  });

  describe('GraphQL', () => {
    const gql = (query: string, variables: object = {}, accept?: string) => {
      const req = t.http.post('/graphql').set('content-type', 'application/json');
      if (accept) req.set('accept-language', accept);
      return req.send({ query, variables });
    };

    it('gives the same statuses and summary, by argument or Accept-Language', async () => {
      const q = `query($f: JSONObject!, $l: String) { evaluateFacts(input: { facts: $f, language: $l }) {
        benefits { name textStatus { name { language reviewed } explanation { language } } }
        translation { requested languagesUsed allReviewed } } }`;
      const res = await gql(q, { f: FACTS, l: 'en' });
      expect(res.body.errors).toBeUndefined();
      expect(res.body.data.evaluateFacts.translation).toEqual({ requested: 'en', languagesUsed: ['en'], allReviewed: false });
      expect(res.body.data.evaluateFacts.benefits[0].textStatus.name).toEqual({ language: 'en', reviewed: false });
      const header = await gql(q, { f: FACTS }, 'en-GB');
      expect(header.body.data.evaluateFacts.translation.requested).toBe('en');
      const started = await gql(`mutation { startScreening(input: { mode: "self", language: "en" }) { id } }`);
      const read = await gql(
        `query($id: ID!) { screening(id: $id, language: "it") { translation { requested } nextQuestion { label textStatus { label { language } } } } }`,
        {
          id: started.body.data.startScreening.id,
        },
      );
      expect(read.body.errors).toBeUndefined();
      expect(read.body.data.screening.translation.requested).toBe('it');
      expect(read.body.data.screening.nextQuestion.textStatus.label.language).toBe('it');
    });

    it('refuses an unknown language naming the field', async () => {
      const res = await gql(`query($f: JSONObject!) { evaluateFacts(input: { facts: $f, language: "xx" }) { translation { requested } } }`, { f: FACTS });
      expect(res.body.errors[0].extensions.code).toBe('VALIDATION_FAILED');
      expect(JSON.stringify(res.body.errors[0].extensions)).toContain('language');
      expect(JSON.stringify(res.body.errors[0].extensions)).toContain(LANGUAGES.join(', '));
    });
  });
});

import { LANGUAGES } from '@inps/kernel';
import { eventually, QUEUE_BACKEND, type QueueBackend } from '@inps/shared';
import { DataSource } from 'typeorm';
import { runScreening, startQuestionnaire, verdicts, type Persona, type QuestionnaireTestApp } from './helpers';

/** A mother of two with a 40-day-old baby, renting, low ISEE: every fact known. */
const MOTHER: Persona = {
  age: 32,
  citizenship: 'IT',
  yearsOfResidenceInItaly: 32,
  lastTwoYearsContinuous: true,
  hasRegisteredResidence: true,
  homeless: false,
  maritalStatus: 'MARRIED',
  personalIncome: 0,
  coupleIncome: 9000,
  employmentStatus: 'UNEMPLOYED',
  lastJobWasEmployee: false,
  jobLossInvoluntary: false,
  daysSinceJobLoss: 400,
  contributionWeeksLast4Years: 0,
  workDaysLast12Months: 0,
  voluntaryResignationLast12Months: false,
  contributionWeeksSinceResignation: 0,
  disabilityPercentage: 0,
  cannotWalkOrLiveUnaided: false,
  hasHealthConditionNotAssessed: false,
  minorWithPersistentDifficulties: false,
  attendsSchoolOrTherapy: false,
  inFreeResidentialCare: false,
  hadBirthOrAdoption: true,
  isMother: true,
  pregnancyMonth: 0,
  daysSinceBirthOrAdoption: 40,
  birthOrAdoptionYear: 2026,
  receivesMaternityIndemnity: false,
  firstChild: false,
  householdSize: 4,
  minorsInHousehold: 2,
  childrenUnder3: 1,
  youngAdults18to20: 0,
  membersAged60Plus: 0,
  allMembersAged67Plus: false,
  disabledMembers: 0,
  severelyDisabledMembers: 0,
  membersInCareProgramme: 0,
  hasIsee: true,
  isee: 8000,
  householdIncome: 5000,
  realEstateExcludingHome: 0,
  financialAssets: 2000,
  rentsHome: true,
  recentLargeVehicle: false,
  childAtNursery: false,
  childUnder3SevereIllnessAtHome: false,
  childBornFrom2024: true,
  receivesAntiPovertyBenefit: false,
  receivesUnemploymentOrWageSupport: false,
  inAdiHouseholdNotCounted: false,
  willingToJoinActivation: true,
};

describe('screenings API (real PostgreSQL and Redis)', () => {
  let t: QuestionnaireTestApp;
  let db: DataSource;

  beforeAll(async () => {
    t = await startQuestionnaire();
    db = t.app.get(DataSource);
  });
  afterAll(async () => {
    await t?.close();
  });

  describe('evaluate', () => {
    it('returns verdicts with explanations and missing facts, stores nothing', async () => {
      const before = await db.query('SELECT count(*)::int AS n FROM screening');
      const res = await t.http
        .post('/api/v1/screenings/evaluate')
        .send({ facts: { age: 70, citizenship: 'IT', yearsOfResidenceInItaly: 70, maritalStatus: 'WIDOWED', personalIncome: 4000 }, language: 'en' });
      expect(res.status).toBe(200);
      expect(res.body.ruleSet.id).toBe('it-2026');
      const sociale = res.body.benefits.find((b: { id: string }) => b.id === 'assegno-sociale');
      expect(sociale.status).toBe('LIKELY_ELIGIBLE');
      expect(sociale.explanation.length).toBeGreaterThan(0);
      const adi = res.body.benefits.find((b: { id: string }) => b.id === 'assegno-inclusione');
      expect(adi.status).toBe('UNDETERMINED');
      expect(adi.missingFacts.length).toBeGreaterThan(0);
      expect((await db.query('SELECT count(*)::int AS n FROM screening'))[0].n).toBe(before[0].n);
    });

    it('picks the rule set in force on asOf', async () => {
      const res = await t.http.post('/api/v1/screenings/evaluate').send({ facts: {}, asOf: '2019-11-15' });
      expect(res.status).toBe(200);
      expect(res.body.ruleSet.id).toBe('it-2019-10');
      expect(res.body.benefits.map((b: { id: string }) => b.id)).toContain('reddito-cittadinanza');
    });

    it('refuses a date with no rule set, naming the rule sets that exist', async () => {
      const res = await t.http.post('/api/v1/screenings/evaluate').send({ facts: {}, asOf: '2018-01-01' });
      expect(res.status).toBe(422);
      expect(res.body.error.details[0].field).toBe('asOf');
      expect(res.body.error.developerMessage).toContain('it-2026');
      expect(res.body.error.developerMessage).toContain('it-2019-10');
    });

    it.each([
      [{ facts: { age: 200 } }, 'facts.age'],
      [{ facts: { isee: -1 } }, 'facts.isee'],
      [{ facts: { age: 'forty' } }, 'facts.age'],
      [{ facts: { name: 'Mario Rossi' } }, 'facts.name'],
      [{ facts: { citizenship: 'MARS' } }, 'facts.citizenship'],
      [{ facts: {}, asOf: '2026-02-30' }, 'asOf'],
      [{ facts: {}, language: 'de' }, 'language'],
      [{ facts: 'all of them' }, 'facts'],
      [{ facts: {}, ipAddress: '1.2.3.4' }, 'ipAddress'],
    ])('refuses %j naming %s', async (body, field) => {
      const res = await t.http.post('/api/v1/screenings/evaluate').send(body);
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('VALIDATION_FAILED');
      expect(res.body.error.details.map((d: { field: string }) => d.field)).toContain(field);
    });

    it('answers malformed and oversized bodies with the error shape', async () => {
      const malformed = await t.http.post('/api/v1/screenings/evaluate').set('content-type', 'application/json').send('{"facts": {');
      expect(malformed.status).toBe(400);
      expect(malformed.body.error.code).toBe('MALFORMED_BODY');
      const huge = await t.http.post('/api/v1/screenings/evaluate').send({ facts: {}, padding: 'x'.repeat(300 * 1024) });
      expect(huge.status).toBe(413);
      expect(huge.body.error.code).toBe('PAYLOAD_TOO_LARGE');
    });
  });

  describe('a self-assessment from start to outcome', () => {
    it('asks fewer questions than there are facts, never the same fact twice, and ends with the outcome', async () => {
      const { body, asked } = await runScreening(t, MOTHER);
      expect(body.status).toBe('COMPLETED');
      expect(new Set(asked).size).toBe(asked.length);
      // She qualifies for four benefits, each of which must be confirmed fact by fact; the
      // engine's flow tests hold the tighter bounds for personas who qualify for less.
      expect(asked.length).toBeLessThan(Object.keys(MOTHER).length * 0.6);
      const v = verdicts(body);
      expect(v['assegno-inclusione']).toBe('LIKELY_ELIGIBLE');
      expect(v['assegno-unico']).toBe('LIKELY_ELIGIBLE');
      expect(v['assegno-maternita-comuni']).toBe('LIKELY_ELIGIBLE');
      expect(v['bonus-nuovi-nati']).toBe('LIKELY_ELIGIBLE');
      expect(v['assegno-sociale']).toBe('NOT_ELIGIBLE');
      expect(v.naspi).toBe('NOT_ELIGIBLE');
    });

    it('writes one anonymous screening.completed event in the same transaction as the outcome', async () => {
      const { body } = await runScreening(t, MOTHER, { mode: 'self', language: 'it', territory: '058091' });
      const events = await db.query(`SELECT type, payload FROM outbox_event WHERE aggregate_id = $1`, [body.id]);
      expect(events).toHaveLength(1);
      const payload = events[0].payload;
      expect(events[0].type).toBe('screening.completed');
      expect(Object.keys(payload).sort()).toEqual(
        ['ageBand', 'channel', 'day', 'householdSizeBand', 'mode', 'organisationId', 'ruleSetId', 'screeningId', 'stoppedFor', 'territory', 'verdicts'].sort(),
      );
      expect(payload).toMatchObject({
        screeningId: body.id,
        ruleSetId: 'it-2026',
        day: '2026-03-10',
        territory: '058091',
        mode: 'self',
        channel: 'self',
        organisationId: null,
      });
      expect(payload.ageBand).not.toContain('32');
      expect(JSON.stringify(payload)).not.toMatch(/8000|5000|"age"|isee"/);
      const row = (await db.query(`SELECT status, completed_on::text AS day FROM screening WHERE id = $1`, [body.id]))[0];
      expect(row).toEqual({ status: 'COMPLETED', day: '2026-03-10' });

      // The relay moves it to the events queue, keyed by the event id (so a re-publish is deduplicated).
      const backend = t.app.get<QueueBackend>(QUEUE_BACKEND);
      const queue = backend.createQueue('events');
      try {
        const [{ id: eventId }] = await db.query(`SELECT id FROM outbox_event WHERE aggregate_id = $1`, [body.id]);
        const job = await eventually('the screening.completed job', () => queue.getJob(eventId), { timeoutMs: 5000, everyMs: 100 });
        expect(job?.name).toBe('screening.completed');
        expect((job?.data as { payload: { screeningId: string } }).payload.screeningId).toBe(body.id);
      } finally {
        await queue.close();
      }
    });

    it('stores no instant beside the answers, only days', async () => {
      const columns = await db.query(
        `SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = 'questionnaire' AND table_name = 'screening'`,
      );
      const types = columns.map((c: { data_type: string }) => c.data_type);
      expect(types).not.toContain('timestamp with time zone');
      expect(types).not.toContain('timestamp without time zone');
      expect(columns.map((c: { column_name: string }) => c.column_name)).not.toEqual(expect.arrayContaining(['ip', 'user_agent', 'operator_id']));
    });
  });

  describe('answering', () => {
    async function started() {
      const res = await t.http.post('/api/v1/screenings').send({ mode: 'self', language: 'en' });
      expect(res.status).toBe(201);
      return res.body as { id: string; resumeCode: string; nextQuestion: { id: string; fact: string } };
    }

    it("holds a screening in any of the programme's languages, kept as started", async () => {
      for (const language of LANGUAGES) {
        const res = await t.http.post('/api/v1/screenings').send({ mode: 'self', language });
        expect(res.status).toBe(201);
        const read = await t.http.get(`/api/v1/screenings/${res.body.id as string}`);
        expect(read.body.language).toBe(language);
      }
    });

    it('refuses an answer to a question that is not being asked', async () => {
      const s = await started();
      const other = s.nextQuestion.id === 'isee' ? 'age' : 'isee';
      const res = await t.http.post(`/api/v1/screenings/${s.id}/answers`).send({ questionId: other, value: 5000 });
      expect(res.status).toBe(409);
      expect(res.body.error.code).toBe('QUESTION_NOT_CURRENT');
      expect(res.body.error.details[0]).toEqual({ field: 'questionId', issue: expect.stringContaining(s.nextQuestion.id) });
    });

    it('refuses an out-of-range answer naming the value and leaves the screening unchanged', async () => {
      const s = await started();
      expect(s.nextQuestion.fact).toBe('age');
      const res = await t.http.post(`/api/v1/screenings/${s.id}/answers`).send({ questionId: s.nextQuestion.id, value: 200 });
      expect(res.status).toBe(400);
      expect(res.body.error.details.map((d: { field: string }) => d.field).join()).toMatch(/value|age/);
      const after = await t.http.get(`/api/v1/screenings/${s.id}`);
      expect(after.body.answeredCount).toBe(0);
    });

    it('treats the same answer sent twice (a retry) as one answer', async () => {
      const s = await started();
      const first = await t.http.post(`/api/v1/screenings/${s.id}/answers`).send({ questionId: s.nextQuestion.id, value: 40 });
      const again = await t.http.post(`/api/v1/screenings/${s.id}/answers`).send({ questionId: s.nextQuestion.id, value: 40 });
      expect(first.status).toBe(200);
      expect(again.status).toBe(200);
      expect(again.body.answeredCount).toBe(1);
    });

    it('keeps one answer when the same answer races in concurrently', async () => {
      const s = await started();
      const results = await Promise.all(
        Array.from({ length: 8 }, () => t.http.post(`/api/v1/screenings/${s.id}/answers`).send({ questionId: s.nextQuestion.id, value: 41 })),
      );
      expect(results.every((r) => r.status === 200)).toBe(true);
      const after = await t.http.get(`/api/v1/screenings/${s.id}`);
      expect(after.body.answeredCount).toBe(1);
    });

    it('changing an earlier answer drops the answers that no longer apply and recomputes', async () => {
      // Answer until the birth question has been followed by its detail questions, then deny the birth.
      const persona: Persona = { ...MOTHER };
      const s = await started();
      let body = s as unknown as {
        id: string;
        status: string;
        nextQuestion: { id: string; fact: string } | null;
        answers?: { questionId: string; fact: string }[];
      };
      let birthQuestion: string | undefined;
      for (let i = 0; i < 60 && body.nextQuestion; i++) {
        const q = body.nextQuestion;
        if (q.fact === 'hadBirthOrAdoption') birthQuestion = q.id;
        const res = await t.http.post(`/api/v1/screenings/${s.id}/answers`).send({ questionId: q.id, value: persona[q.fact] });
        body = res.body;
        if (birthQuestion && body.answers?.some((a) => a.fact === 'daysSinceBirthOrAdoption')) break;
      }
      expect(birthQuestion).toBeDefined();
      const wasCompleted = body.status === 'COMPLETED';
      const changed = await t.http.put(`/api/v1/screenings/${s.id}/answers/${birthQuestion}`).send({ value: false });
      if (wasCompleted) {
        expect(changed.status).toBe(409);
        return;
      }
      expect(changed.status).toBe(200);
      expect(changed.body.droppedAnswers).toEqual(expect.arrayContaining([expect.any(String)]));
      expect(changed.body.answers.map((a: { fact: string }) => a.fact)).not.toContain('daysSinceBirthOrAdoption');
    });

    it('refuses to change a completed screening', async () => {
      const { body } = await runScreening(t, MOTHER);
      const first = (await t.http.get(`/api/v1/screenings/${body.id}`)).body.answers[0];
      const res = await t.http.put(`/api/v1/screenings/${body.id}/answers/${first.questionId}`).send({ value: first.value });
      expect(res.status).toBe(409);
      expect(res.body.error.code).toBe('SCREENING_COMPLETED');
      const more = await t.http.post(`/api/v1/screenings/${body.id}/answers`).send({ questionId: first.questionId, value: first.value });
      expect(more.status).toBe(409);
    });

    it('ends early on request, leaving open benefits undetermined with their missing facts', async () => {
      const s = await started();
      await t.http.post(`/api/v1/screenings/${s.id}/answers`).send({ questionId: s.nextQuestion.id, value: 45 });
      const res = await t.http.post(`/api/v1/screenings/${s.id}/complete`);
      expect(res.status).toBe(200);
      expect(res.body.status).toBe('COMPLETED');
      const undetermined = res.body.outcome.benefits.filter((b: { status: string }) => b.status === 'UNDETERMINED');
      expect(undetermined.length).toBeGreaterThan(0);
      expect(undetermined.every((b: { missingFacts: string[] }) => b.missingFacts.length > 0)).toBe(true);
    });

    it('answers 404 for an unknown screening and 400 for a malformed id', async () => {
      expect((await t.http.get('/api/v1/screenings/00000000-0000-4000-8000-000000000000')).status).toBe(404);
      const bad = await t.http.get("/api/v1/screenings/1' OR '1'='1");
      expect(bad.status).toBe(400);
      expect(bad.body.error.details[0].field).toBe('id');
    });
  });

  describe('resume codes and idle screenings', () => {
    it('resumes by code (as typed by a person) and expires after 30 days', async () => {
      const s = (await t.http.post('/api/v1/screenings').send({ mode: 'self', language: 'it' })).body;
      expect(s.resumeCode).toMatch(/^[34679ACDEFGHJKMNPQRTWXY]{8}$/);
      const typed = `${s.resumeCode.slice(0, 4).toLowerCase()}-${s.resumeCode.slice(4)}`;
      const resumed = await t.http.get(`/api/v1/screenings/by-code/${typed}`);
      expect(resumed.status).toBe(200);
      expect(resumed.body.id).toBe(s.id);
      t.clock.advanceDays(30);
      try {
        const expired = await t.http.get(`/api/v1/screenings/by-code/${s.resumeCode}`);
        expect(expired.status).toBe(410);
        expect(expired.body.error.details[0].field).toBe('resumeCode');
      } finally {
        t.clock.set('2026-03-10T10:00:00Z');
      }
      expect((await t.http.get('/api/v1/screenings/by-code/NOTACODE')).status).toBe(400);
    });

    it('keeps only an HMAC of the code, which it shows once, at the start', async () => {
      const s = (await t.http.post('/api/v1/screenings').send({ mode: 'self', language: 'it' })).body;
      const columns: { column_name: string }[] = await db.query(
        `SELECT column_name FROM information_schema.columns WHERE table_schema = 'questionnaire' AND table_name = 'screening'`,
      );
      expect(columns.map((c) => c.column_name)).not.toContain('resume_code');
      const [row] = await db.query(`SELECT resume_code_hash FROM screening WHERE id = $1`, [s.id]);
      expect(row.resume_code_hash).toHaveLength(32);
      expect(row.resume_code_hash.toString('latin1')).not.toContain(s.resumeCode);
      expect((await t.http.get(`/api/v1/screenings/${s.id}`)).body.resumeCode).toBeNull();
      expect((await t.http.get(`/api/v1/screenings/by-code/${s.resumeCode}`)).body.resumeCode).toBeNull();
      const answered = await t.http.post(`/api/v1/screenings/${s.id}/answers`).send({ questionId: s.nextQuestion.id, value: 50 });
      expect(answered.body.resumeCode).toBeNull();
    });

    it('draws a fresh code when the one drawn is taken', async () => {
      const codes = await import('../src/modules/screenings/resume-code');
      const first = (await t.http.post('/api/v1/screenings').send({ mode: 'self', language: 'it' })).body;
      const spy = jest.spyOn(codes, 'generateResumeCode').mockReturnValueOnce(first.resumeCode).mockReturnValueOnce('FRE9HC7D');
      try {
        const second = await t.http.post('/api/v1/screenings').send({ mode: 'self', language: 'it' });
        expect(second.status).toBe(201);
        expect(second.body.resumeCode).toBe('FRE9HC7D');
        expect(spy).toHaveBeenCalledTimes(2);
      } finally {
        spy.mockRestore();
      }
      expect((await t.http.get(`/api/v1/screenings/by-code/${first.resumeCode}`)).body.id).toBe(first.id);
      expect((await t.http.get('/api/v1/screenings/by-code/FRE9HC7D')).status).toBe(200);
    });

    it('closes screenings idle for 30 days and forgets their answers', async () => {
      const { ScreeningService } = await import('../src/modules/screenings/screening.service');
      const s = (await t.http.post('/api/v1/screenings').send({ mode: 'self', language: 'it' })).body;
      await t.http.post(`/api/v1/screenings/${s.id}/answers`).send({ questionId: s.nextQuestion.id, value: 50 });
      t.clock.advanceDays(29);
      try {
        await t.app.get(ScreeningService).closeIdle();
        expect((await db.query(`SELECT status FROM screening WHERE id = $1`, [s.id]))[0].status).toBe('IN_PROGRESS');
        t.clock.advanceDays(1);
        await t.app.get(ScreeningService).closeIdle();
        const row = (await db.query(`SELECT status, answers, facts FROM screening WHERE id = $1`, [s.id]))[0];
        expect(row).toEqual({ status: 'CLOSED', answers: [], facts: {} });
      } finally {
        t.clock.set('2026-03-10T10:00:00Z');
      }
    });
  });

  describe('operator mode', () => {
    it('needs an operator token and records the organisation, never the operator', async () => {
      const anonymous = await t.http.post('/api/v1/screenings').send({ mode: 'operator', language: 'it' });
      expect(anonymous.status).toBe(403);
      expect(anonymous.body.error).toMatchObject({
        code: 'FORBIDDEN',
        details: expect.arrayContaining([{ field: 'requiredRoles', issue: 'partner_admin,operator,partner_app' }]),
      });
      expect(anonymous.body.error.developerMessage).toContain('mode');
      const asCentral = await t.http
        .post('/api/v1/screenings')
        .set('authorization', `Bearer ${await t.tokens.central()}`)
        .send({ mode: 'operator', language: 'it' });
      expect(asCentral.status).toBe(403);
      expect(asCentral.body.error.details).toEqual(anonymous.body.error.details);

      const token = await t.tokens.operator('caritas-roma');
      const res = await t.http
        .post('/api/v1/screenings')
        .set('authorization', `Bearer ${token}`)
        .send({ mode: 'operator', language: 'it', channel: 'mobile_unit', territory: '058091' });
      expect(res.status).toBe(201);
      const row = (await db.query(`SELECT * FROM screening WHERE id = $1`, [res.body.id]))[0];
      expect(row.organisation_id).toBe('caritas-roma');
      expect(JSON.stringify(row)).not.toContain('test-operator');
    });

    it("hides an organisation's screenings from other organisations and from anonymous callers", async () => {
      const token = await t.tokens.operator('caritas-roma');
      const s = (await t.http.post('/api/v1/screenings').set('authorization', `Bearer ${token}`).send({ mode: 'operator', language: 'it' })).body;
      expect((await t.http.get(`/api/v1/screenings/${s.id}`).set('authorization', `Bearer ${token}`)).status).toBe(200);
      expect((await t.http.get(`/api/v1/screenings/${s.id}`)).status).toBe(404);
      const other = await t.tokens.operator('comune-milano');
      expect((await t.http.get(`/api/v1/screenings/${s.id}`).set('authorization', `Bearer ${other}`)).status).toBe(404);
      const answer = await t.http
        .post(`/api/v1/screenings/${s.id}/answers`)
        .set('authorization', `Bearer ${other}`)
        .send({ questionId: s.nextQuestion.id, value: 30 });
      expect(answer.status).toBe(404);
      expect((await t.http.get(`/api/v1/screenings/${s.id}`).set('authorization', `Bearer ${await t.tokens.central()}`)).status).toBe(200);
    });

    it('answers out of scope exactly as missing: 404 NOT_FOUND with details resource and id', async () => {
      const token = await t.tokens.operator('caritas-roma');
      const s = (await t.http.post('/api/v1/screenings').set('authorization', `Bearer ${token}`).send({ mode: 'operator', language: 'it' })).body;
      const other = `Bearer ${await t.tokens.operator('comune-milano')}`;
      const missing = '00000000-0000-4000-8000-000000000000';
      const body = (id: string) => ({
        error: {
          code: 'NOT_FOUND',
          message: expect.any(String),
          language: 'it',
          reviewed: true,
          developerMessage: 'No such screening',
          details: [
            { field: 'resource', issue: 'screening' },
            { field: 'id', issue: id },
          ],
        },
      });
      expect((await t.http.get(`/api/v1/screenings/${missing}`).set('authorization', other)).body).toEqual(body(missing));
      for (const res of [
        await t.http.get(`/api/v1/screenings/${s.id}`).set('authorization', other),
        await t.http.get(`/api/v1/screenings/${s.id}`),
        await t.http.get(`/api/v1/screenings/${s.id}`).set('authorization', `Bearer ${await t.tokens.territorial(['12'])}`),
        await t.http.post(`/api/v1/screenings/${s.id}/answers`).set('authorization', other).send({ questionId: s.nextQuestion.id, value: 30 }),
        await t.http.post(`/api/v1/screenings/${s.id}/complete`).set('authorization', other),
      ]) {
        expect(res.status).toBe(404);
        expect(res.body).toEqual(body(s.id));
      }
      // By code: the same answer as an unknown code, even once expired (a 410 would tell it exists).
      const unknown = await t.http.get('/api/v1/screenings/by-code/AAAA3333').set('authorization', other);
      const hidden = await t.http.get(`/api/v1/screenings/by-code/${s.resumeCode}`).set('authorization', other);
      expect(unknown.status).toBe(404);
      expect(unknown.body.error).toEqual({
        code: 'NOT_FOUND',
        message: expect.any(String),
        language: 'it',
        reviewed: true,
        developerMessage: 'No screening has this resume code',
        details: [
          { field: 'resource', issue: 'screening' },
          { field: 'resumeCode', issue: 'no screening you may see has this code' },
        ],
      });
      expect(hidden.status).toBe(404);
      // The same body: nothing tells the two apart, and the code is not echoed.
      expect(hidden.body.error).toEqual(unknown.body.error);
      expect(JSON.stringify(hidden.body)).not.toContain(s.resumeCode);
      t.clock.advanceDays(31);
      try {
        expect((await t.http.get(`/api/v1/screenings/by-code/${s.resumeCode}`).set('authorization', other)).status).toBe(404);
        expect((await t.http.get(`/api/v1/screenings/by-code/${s.resumeCode}`).set('authorization', `Bearer ${token}`)).status).toBe(410);
      } finally {
        t.clock.set('2026-03-10T10:00:00Z');
      }
    });

    it('answers 403 FORBIDDEN with requiredRoles in details to oversight changing a screening it may read', async () => {
      const token = await t.tokens.operator('caritas-roma');
      const s = (await t.http.post('/api/v1/screenings').set('authorization', `Bearer ${token}`).send({ mode: 'operator', language: 'it' })).body;
      const central = `Bearer ${await t.tokens.central()}`;
      expect((await t.http.get(`/api/v1/screenings/${s.id}`).set('authorization', central)).status).toBe(200);
      const answer = await t.http.post(`/api/v1/screenings/${s.id}/answers`).set('authorization', central).send({ questionId: s.nextQuestion.id, value: 30 });
      expect(answer.status).toBe(403);
      expect(answer.body.error).toMatchObject({ code: 'FORBIDDEN', details: [{ field: 'requiredRoles', issue: 'partner_admin,operator,partner_app' }] });
      const gql = await t.http
        .post('/graphql')
        .set('authorization', central)
        .send({ query: `mutation($id: ID!) { completeScreening(screeningId: $id) { id } }`, variables: { id: s.id } });
      expect(gql.body.errors[0].extensions).toMatchObject({
        code: 'FORBIDDEN',
        status: 403,
        details: [{ field: 'requiredRoles', issue: 'partner_admin,operator,partner_app' }],
      });
      const hidden = await t.http
        .post('/graphql')
        .set('authorization', `Bearer ${await t.tokens.operator('comune-milano')}`)
        .send({ query: `query($id: ID!) { screening(id: $id) { id } }`, variables: { id: s.id } });
      expect(hidden.body.errors[0].extensions).toMatchObject({
        code: 'NOT_FOUND',
        details: [
          { field: 'resource', issue: 'screening' },
          { field: 'id', issue: s.id },
        ],
      });
    });

    it('refuses a forged token even on public routes', async () => {
      const token = await t.tokens.operator('caritas-roma');
      const forged = `${token.slice(0, -4)}AAAA`;
      const res = await t.http.post('/api/v1/screenings').set('authorization', `Bearer ${forged}`).send({ mode: 'self', language: 'it' });
      expect(res.status).toBe(401);
    });
  });
});

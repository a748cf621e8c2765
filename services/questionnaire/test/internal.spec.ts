import { DEV_INTERNAL_API_TOKEN } from '../src/questionnaire.config';
import { startQuestionnaire, type QuestionnaireTestApp } from './helpers';

/** The internal route monitoring calls to record a follow-up with the resume code a person holds. */
describe('POST /internal/screenings/resolve-resume-code', () => {
  const TOKEN = 'an-internal-token-of-this-test-0123456789';
  let t: QuestionnaireTestApp;
  beforeAll(async () => {
    t = await startQuestionnaire({ INTERNAL_API_TOKEN: TOKEN, RESUME_CODE_LOOKUPS_PER_MINUTE: '6' });
  });
  afterAll(async () => {
    await t?.close();
  });

  const resolve = (body: object, token: string | null = TOKEN) => {
    const req = t.http.post('/internal/screenings/resolve-resume-code');
    return (token === null ? req : req.set('x-internal-token', token)).send(body);
  };
  const start = async () => (await t.http.post('/api/v1/screenings').send({ mode: 'self', language: 'it' })).body as { id: string; resumeCode: string };

  it('answers only a service holding the internal token', async () => {
    const s = await start();
    for (const token of [null, '', DEV_INTERNAL_API_TOKEN, `${TOKEN}x`]) {
      const res = await resolve({ resumeCode: s.resumeCode, organisationId: 'auth-probe' }, token);
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe('UNAUTHORIZED');
    }
    // A person's token is no service's: operators call monitoring, never this route.
    const asOperator = await t.http
      .post('/internal/screenings/resolve-resume-code')
      .set('authorization', `Bearer ${await t.tokens.operator('caritas-roma')}`)
      .send({ resumeCode: s.resumeCode, organisationId: 'caritas-roma' });
    expect(asOperator.status).toBe(401);
  });

  it('gives the id of a completed screening for its code as typed, and 404 while it is not completed', async () => {
    const s = await start();
    const inProgress = await resolve({ resumeCode: s.resumeCode, organisationId: 'caritas-roma' });
    expect(inProgress.status).toBe(404);
    expect(inProgress.body.error).toEqual({
      code: 'NOT_FOUND',
      message: expect.any(String),
      language: 'it',
      reviewed: true,
      developerMessage: 'No completed screening has this resume code',
      details: [
        { field: 'resource', issue: 'screening' },
        { field: 'resumeCode', issue: 'no screening you may see has this code' },
      ],
    });
    expect((await t.http.post(`/api/v1/screenings/${s.id}/complete`)).status).toBe(200);
    const typed = `${s.resumeCode.slice(0, 4).toLowerCase()}-${s.resumeCode.slice(4)}`;
    const done = await resolve({ resumeCode: typed, organisationId: 'caritas-roma' });
    expect(done.status).toBe(200);
    expect(done.body).toEqual({ screeningId: s.id });
    // After the resume period the code no longer resumes, but still names the completed screening.
    t.clock.advanceDays(45);
    try {
      expect((await resolve({ resumeCode: s.resumeCode, organisationId: 'caritas-roma' })).body).toEqual({ screeningId: s.id });
    } finally {
      t.clock.set('2026-03-10T10:00:00Z');
    }
    const unknown = await resolve({ resumeCode: 'AAAA3333', organisationId: 'caritas-roma' });
    expect(unknown.status).toBe(404);
  });

  it.each([
    [{ resumeCode: 'AC3DEF4O', organisationId: 'org-a' }, 'resumeCode'],
    [{ resumeCode: 12345678, organisationId: 'org-a' }, 'resumeCode'],
    [{ organisationId: 'org-a' }, 'resumeCode'],
    [{ resumeCode: 'AC3DEF4G' }, 'organisationId'],
    [{ resumeCode: 'AC3DEF4G', organisationId: 'Not An Org!' }, 'organisationId'],
    [{ resumeCode: 'AC3DEF4G', organisationId: 'org-a', screeningId: 'x' }, 'screeningId'],
  ])('refuses %j with 400 naming %s', async (body, field) => {
    const res = await resolve(body);
    expect(res.status).toBe(400);
    expect(res.body.error.details.map((d: { field: string }) => d.field)).toContain(field);
  });

  it('counts lookups per organisation and minute, found or not, as the gateway counts public ones', async () => {
    const s = await start();
    await t.http.post(`/api/v1/screenings/${s.id}/complete`);
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) statuses.push((await resolve({ resumeCode: i % 2 ? s.resumeCode : 'AAAA3333', organisationId: 'greedy-org' })).status);
    expect(statuses).toEqual([404, 200, 404, 200, 404, 200, 429]);
    const limited = await resolve({ resumeCode: s.resumeCode, organisationId: 'greedy-org' });
    expect(limited.body.error.code).toBe('RATE_LIMITED');
    // How long to wait, in seconds, as every 429 of the programme says it.
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(limited.headers['retry-after'])).toBeLessThanOrEqual(60);
    expect((await resolve({ resumeCode: s.resumeCode, organisationId: 'patient-org' })).status).toBe(200);
    t.clock.advanceDays(1);
    try {
      expect((await resolve({ resumeCode: s.resumeCode, organisationId: 'greedy-org' })).status).toBe(200);
    } finally {
      t.clock.set('2026-03-10T10:00:00Z');
    }
  });
});

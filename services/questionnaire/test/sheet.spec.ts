import type { Response } from 'supertest';
import { DataSource } from 'typeorm';
import { pdfText } from './support/pdf-text';
import { startQuestionnaire, type QuestionnaireTestApp } from './helpers';

/** The take-away sheet through the real service: access as for the screening, languages, headers, nothing stored. */

let t: QuestionnaireTestApp;
beforeAll(async () => {
  t = await startQuestionnaire();
});
afterAll(() => t.close());

function binary(res: Response, done: (err: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  res.on('data', (chunk: Buffer) => chunks.push(chunk));
  res.on('end', () => done(null, Buffer.concat(chunks)));
}

async function completedScreening(start: object, token?: string): Promise<{ id: string; resumeCode: string }> {
  const auth = (r: import('supertest').Test) => (token ? r.set('authorization', `Bearer ${token}`) : r);
  const started = await auth(t.http.post('/api/v1/screenings').send(start)).expect(201);
  await auth(t.http.post(`/api/v1/screenings/${started.body.id}/complete`)).expect(200);
  return { id: started.body.id, resumeCode: started.body.resumeCode };
}

describe('GET /api/v1/screenings/:id/sheet', () => {
  it("answers a PDF in the screening's language, inline, not cached, with the resume code it was given", async () => {
    const s = await completedScreening({ mode: 'self', language: 'en' });
    const res = await t.http.get(`/api/v1/screenings/${s.id}/sheet`).query({ resumeCode: s.resumeCode }).buffer(true).parse(binary).expect(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toBe('inline; filename="inps-per-tutti-en.pdf"');
    expect(res.headers['cache-control']).toBe('no-store');
    const pdf = res.body as Buffer;
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const text = pdfText(pdf);
    expect(text).toContain(s.resumeCode);
    expect(text).toContain('Resume code');
    expect(text).toContain('Codice di ripresa');
  });

  it('prints an Arabic sheet of an Italian screening, with its resume code', async () => {
    const s = await completedScreening({ mode: 'self', language: 'it' });
    const res = await t.http
      .get(`/api/v1/screenings/${s.id}/sheet`)
      .query({ language: 'ar', resumeCode: s.resumeCode.toLowerCase() })
      .buffer(true)
      .parse(binary)
      .expect(200);
    expect(res.headers['content-disposition']).toBe('inline; filename="inps-per-tutti-ar.pdf"');
    const text = pdfText(res.body as Buffer);
    expect(text).toContain(s.resumeCode);
    expect(text).toMatch(/[\u0600-\u06ff]/);
    expect(text).toContain('Da verificare');
  });

  it('takes another language, and refuses an unknown one naming language and the languages there are', async () => {
    const s = await completedScreening({ mode: 'self', language: 'it' });
    const zh = await t.http.get(`/api/v1/screenings/${s.id}/sheet`).query({ language: 'zh' }).buffer(true).parse(binary).expect(200);
    expect(zh.headers['content-disposition']).toContain('inps-per-tutti-zh.pdf');
    expect(pdfText(zh.body as Buffer)).toMatch(/[\u4e00-\u9fff]/);
    const bad = await t.http.get(`/api/v1/screenings/${s.id}/sheet`).query({ language: 'xx' }).expect(400);
    expect(bad.body.error.details).toEqual([expect.objectContaining({ field: 'language' })]);
    expect(JSON.stringify(bad.body.error.details)).toContain('it, en, ro, sq, ar, uk, zh, bn, es, fr');
  });

  it('refuses a resume code that is not the screening’s, naming resumeCode', async () => {
    const a = await completedScreening({ mode: 'self', language: 'it' });
    const b = await completedScreening({ mode: 'self', language: 'it' });
    const res = await t.http.get(`/api/v1/screenings/${a.id}/sheet`).query({ resumeCode: b.resumeCode }).expect(400);
    expect(res.body.error.details).toEqual([{ field: 'resumeCode', issue: 'not the code of this screening' }]);
  });

  it("is a 404 like the screening itself for another organisation's screening", async () => {
    const token = await t.tokens.operator('caritas-roma');
    const s = await completedScreening({ mode: 'operator', language: 'it' }, token);
    const other = `Bearer ${await t.tokens.operator('comune-milano')}`;
    const screening = await t.http.get(`/api/v1/screenings/${s.id}`).set('authorization', other).expect(404);
    const sheet = await t.http.get(`/api/v1/screenings/${s.id}/sheet`).set('authorization', other).expect(404);
    expect(sheet.body).toEqual(screening.body);
    await t.http.get(`/api/v1/screenings/${s.id}/sheet`).expect(404);
    await t.http.get(`/api/v1/screenings/${s.id}/sheet`).set('authorization', `Bearer ${token}`).expect(200);
  });

  it('has nothing to print for a screening still in progress', async () => {
    const started = await t.http.post('/api/v1/screenings').send({ mode: 'self', language: 'it' }).expect(201);
    const res = await t.http.get(`/api/v1/screenings/${started.body.id}/sheet`).expect(409);
    expect(res.body.error.code).toBe('SCREENING_NOT_COMPLETED');
  });
});

describe('POST /api/v1/screenings/evaluate/sheet', () => {
  it('prints the evaluation of the facts given, without a resume code, and stores nothing', async () => {
    const before = await t.app.get(DataSource).query(`SELECT count(*)::int AS n FROM screening`);
    const res = await t.http
      .post('/api/v1/screenings/evaluate/sheet')
      .send({ language: 'en', facts: { age: 30, citizenship: 'IT', householdSize: 1, minorsInHousehold: 0 } })
      .buffer(true)
      .parse(binary)
      .expect(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['cache-control']).toBe('no-store');
    const text = pdfText(res.body as Buffer);
    expect(text).toContain('To check');
    expect(text).toContain('Da verificare');
    expect(text).not.toContain('Resume code');
    expect(await t.app.get(DataSource).query(`SELECT count(*)::int AS n FROM screening`)).toEqual(before);
  });

  it('refuses facts that are not valid as evaluate does, naming the fact', async () => {
    const res = await t.http
      .post('/api/v1/screenings/evaluate/sheet')
      .send({ facts: { age: 'old' } })
      .expect(400);
    expect(res.body.error.details[0].field).toContain('age');
  });
});

describe('sheets beyond the rendering threads and their queue', () => {
  let busy: QuestionnaireTestApp;
  beforeAll(async () => {
    // One thread, no queue: while a sheet renders, another is refused rather than held.
    busy = await startQuestionnaire({ SHEET_RENDER_THREADS: '1', SHEET_RENDER_QUEUE: '0' });
  });
  afterAll(() => busy.close());

  it('are refused with 503 SERVICE_UNAVAILABLE and Retry-After, while the one rendering is answered', async () => {
    const ask = () =>
      busy.http
        .post('/api/v1/screenings/evaluate/sheet')
        .send({ language: 'it', facts: { age: 30, citizenship: 'IT', householdSize: 1, minorsInHousehold: 0 } })
        .buffer(true)
        .parse(binary);
    const answers = await Promise.all([ask(), ask(), ask()]);
    const ok = answers.filter((r) => r.status === 200);
    const refused = answers.filter((r) => r.status === 503);
    expect(ok).toHaveLength(1);
    expect(refused).toHaveLength(2);
    expect((ok[0].body as Buffer).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    for (const r of refused) {
      expect(Number(r.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      expect(JSON.parse((r.body as Buffer).toString('utf8')).error.code).toBe('SERVICE_UNAVAILABLE');
    }
    // Once the thread is free, the next sheet is rendered.
    expect((await ask()).status).toBe(200);
  });
});

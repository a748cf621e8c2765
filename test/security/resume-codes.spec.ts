/**
 * Security (issue 12, item 3): the questionnaire's database holds no resume code a person was
 * given. Every column of every table of its schema is read as text (bytea included, as hex) after
 * screenings started, answered, completed and resumed by code, and searched for each code, plain
 * or as the hex of its bytes. The answer of an operator's start sent with an Idempotency-Key is kept
 * for its replay, sealed under that key (docs/decisions/0015-idempotency-store-sealed.md): the code it
 * holds must not be readable either.
 */
import { DataSource } from 'typeorm';
import { startQuestionnaire, type QuestionnaireTestApp } from '../../services/questionnaire/test/helpers';

jest.setTimeout(120_000);

describe('resume codes are kept only as an HMAC', () => {
  let t: QuestionnaireTestApp;
  let db: DataSource;
  const codes: string[] = [];
  let replayedCode: string;

  beforeAll(async () => {
    t = await startQuestionnaire();
    db = t.app.get(DataSource);
    const operator = await t.tokens.operator('caritas-roma');
    for (let i = 0; i < 6; i++) {
      const body = i % 2 ? { mode: 'operator', language: 'it', channel: 'desk' } : { mode: 'self', language: 'en' };
      const start = t.http.post('/api/v1/screenings').send(body);
      const s = (i % 2 ? await start.set('authorization', `Bearer ${operator}`) : await start).body;
      expect(s.resumeCode).toMatch(/^[34679ACDEFGHJKMNPQRTWXY]{8}$/);
      codes.push(s.resumeCode);
      const as = (r: import('supertest').Test) => (i % 2 ? r.set('authorization', `Bearer ${operator}`) : r);
      await as(t.http.post(`/api/v1/screenings/${s.id}/answers`).send({ questionId: s.nextQuestion.id, value: 70 }));
      if (i >= 4) await as(t.http.post(`/api/v1/screenings/${s.id}/complete`));
      expect((await as(t.http.get(`/api/v1/screenings/by-code/${s.resumeCode}`))).status).toBe(200);
    }
    // Anonymous callers get no replay (their key would be shared by everyone): an operator's start.
    const keyed = () =>
      t.http
        .post('/api/v1/screenings')
        .set('authorization', `Bearer ${operator}`)
        .set('idempotency-key', 'sec-resume-code-1')
        .send({ mode: 'operator', language: 'it' });
    const first = await keyed();
    const replay = await keyed();
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.body.resumeCode).toBe(first.body.resumeCode);
    replayedCode = first.body.resumeCode;
  });

  afterAll(async () => {
    await t?.close();
  });

  /** Every value of every column of the schema, as text; bytea reads as \x<hex>. */
  async function everyValue(): Promise<{ where: string; text: string }[]> {
    const columns: { t: string; c: string }[] = await db.query(
      `SELECT c.table_name t, c.column_name c FROM information_schema.columns c
         JOIN information_schema.tables tb USING (table_schema, table_name)
        WHERE c.table_schema = 'questionnaire' AND tb.table_type = 'BASE TABLE'`,
    );
    const out: { where: string; text: string }[] = [];
    for (const { t: table, c: column } of columns) {
      const rows: { v: string }[] = await db.query(`SELECT "${column}"::text v FROM questionnaire."${table}" WHERE "${column}" IS NOT NULL`);
      for (const r of rows) out.push({ where: `${table}.${column}`, text: r.v.toUpperCase() });
    }
    return out;
  }

  const forms = (code: string): string[] => [code, Buffer.from(code).toString('hex').toUpperCase()];

  it('finds no code, plain or as bytes, in any column of any table', async () => {
    const values = await everyValue();
    expect(values.length).toBeGreaterThan(0);
    const found = values.flatMap((v) => codes.flatMap((code) => (forms(code).some((f) => v.text.includes(f)) ? [`${code} in ${v.where}`] : [])));
    expect(found).toEqual([]);
  });

  it('keeps no readable copy of a code answered to a start with an Idempotency-Key (its replay is sealed)', async () => {
    const values = await everyValue();
    expect(values.some((v) => v.where === 'idempotency_key.sealed_response')).toBe(true);
    const found = values.filter((v) => forms(replayedCode).some((f) => v.text.includes(f))).map((v) => v.where);
    expect(found).toEqual([]);
  });
});

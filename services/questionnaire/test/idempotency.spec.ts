import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { startQuestionnaire, type QuestionnaireTestApp } from './helpers';

/**
 * A screening started with an `Idempotency-Key` (operator mode: anonymous callers get no replay,
 * decision 0013). The replay gives the same screening and resume code, and the idempotency store
 * keeps neither in clear (decision 0015): resume codes are secrets (decision 0012).
 */
describe('starting a screening with an Idempotency-Key', () => {
  let t: QuestionnaireTestApp;

  beforeAll(async () => {
    t = await startQuestionnaire();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('replays the same answer, and leaves no resume code or screening id readable in the store', async () => {
    const token = await t.tokens.operator('caritas-roma');
    const key = randomUUID();
    const start = () =>
      t.http
        .post('/api/v1/screenings')
        .set('authorization', `Bearer ${token}`)
        .set('idempotency-key', key)
        .send({ mode: 'operator', language: 'it', channel: 'desk', territory: '058091' });
    const first = await start().expect(201);
    const resumeCode = first.body.resumeCode as string;
    expect(resumeCode).toEqual(expect.any(String));
    const again = await start().expect(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.text).toBe(first.text);

    const rows = (await t.app.get(DataSource).query('SELECT * FROM questionnaire.idempotency_key')) as Record<string, unknown>[];
    expect(rows).toHaveLength(1);
    const found: string[] = [];
    for (const row of rows)
      for (const [column, value] of Object.entries(row)) {
        const bytes = Buffer.isBuffer(value) ? value : Buffer.from(JSON.stringify(value) ?? '', 'utf8');
        // the code as shown, and as typed (no dash, any case)
        for (const code of [resumeCode, resumeCode.replace(/-/g, ''), resumeCode.toLowerCase()])
          if (bytes.includes(code) || bytes.includes(code.toLowerCase())) found.push(`resume code in ${column}`);
        if (bytes.includes(first.body.id as string)) found.push(`screening id in ${column}`);
        if (bytes.includes(key)) found.push(`Idempotency-Key in ${column}`);
      }
    expect(found).toEqual([]);
  });
});

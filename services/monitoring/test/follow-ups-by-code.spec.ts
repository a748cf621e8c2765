import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createTestApp, FixedClock, testQueuePrefix, testRedisUrl, type TestApp } from '@inps/shared';
import { DataSource } from 'typeorm';
import { AppModule } from '../src/app.module';
import { monitoringConfig } from '../src/monitoring.config';
import { fakeTerritories, screeningEvent, seedScreenings } from './helpers';

/**
 * A follow-up recorded with the resume code the person holds on paper: monitoring asks the
 * questionnaire service (here a stand-in that records what it is asked) for the screening id,
 * stores only the id, and answers 503 when the questionnaire cannot answer in time.
 */
describe('follow-ups by resume code', () => {
  const TOKEN = 'internal-token-of-the-monitoring-test-0123';
  const CODE = '7RRTMPK9';
  const clock = new FixedClock('2026-03-20T10:00:00Z');
  const known = screeningEvent({ territory: '058091', day: '2026-03-10' });
  const knownId = (known.payload as { screeningId: string }).screeningId;
  const calls: { path: string; token: unknown; body: { resumeCode: string; organisationId: string } }[] = [];
  let mode: 'ok' | 'unknown-to-monitoring' | 'slow' | 'limited' | 'broken' = 'ok';
  let questionnaire: http.Server;
  let t: TestApp<typeof monitoringConfig.fields>;
  let slowT: TestApp<typeof monitoringConfig.fields> | undefined;

  beforeAll(async () => {
    questionnaire = http.createServer((req, res) => {
      let raw = '';
      req.on('data', (c: Buffer) => (raw += c.toString('utf8')));
      req.on('end', () => {
        const body = JSON.parse(raw) as { resumeCode: string; organisationId: string };
        calls.push({ path: req.url ?? '', token: req.headers['x-internal-token'], body });
        const send = (status: number, payload: object) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(payload));
        if (req.headers['x-internal-token'] !== TOKEN) return send(401, { error: { code: 'UNAUTHORIZED', message: 'no' } });
        if (mode === 'slow') return void setTimeout(() => send(200, { screeningId: knownId }), 2_000);
        if (mode === 'limited')
          return res
            .writeHead(429, { 'content-type': 'application/json', 'retry-after': '17' })
            .end(JSON.stringify({ error: { code: 'RATE_LIMITED', message: 'slow down' } }));
        if (mode === 'broken') return send(500, { error: { code: 'INTERNAL', message: 'oops' } });
        const code = body.resumeCode.replace(/[\s-]/g, '').toUpperCase();
        if (code !== CODE) return send(404, { error: { code: 'NOT_FOUND', message: 'No completed screening has this resume code' } });
        return send(200, { screeningId: mode === 'unknown-to-monitoring' ? '6d1f3c2e-1111-4222-8333-944445555666' : knownId });
      });
    });
    await new Promise<void>((resolve) => questionnaire.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(questionnaire.address() as AddressInfo).port}`;
    t = await createTestApp((config) => AppModule.forRoot(config, { clock, territories: fakeTerritories }), {
      config: monitoringConfig,
      env: {
        REDIS_URL: testRedisUrl(),
        QUEUE_PREFIX: testQueuePrefix('mon-fuc'),
        QUESTIONNAIRE_URL: url,
        INTERNAL_API_TOKEN: TOKEN,
        QUESTIONNAIRE_TIMEOUT_MS: '300',
      },
    });
    await seedScreenings(t.app, [known]);
  });
  afterAll(async () => {
    await slowT?.close();
    await t?.close();
    await new Promise((resolve) => questionnaire?.close(resolve));
  });
  beforeEach(() => {
    mode = 'ok';
    calls.length = 0;
  });

  const post = async (body: object) =>
    t.http
      .post('/api/v1/follow-ups')
      .set('authorization', `Bearer ${await t.tokens.operator('org-code')}`)
      .send({ day: '2026-03-12', needs: ['ISEE'], help: [{ type: 'ISEE' }], ...body });

  it('records the follow-up on the screening the code names, asking the questionnaire with the internal token', async () => {
    const res = await post({ resumeCode: '7rrt-mpk9' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ screeningId: knownId, organisationId: 'org-code' });
    expect(calls).toEqual([{ path: '/internal/screenings/resolve-resume-code', token: TOKEN, body: { resumeCode: '7rrt-mpk9', organisationId: 'org-code' } }]);
    // Only the id is kept: no column of monitoring's tables holds the code.
    const db = t.app.get(DataSource);
    const columns: { t: string; c: string }[] = await db.query(
      `SELECT table_name t, column_name c FROM information_schema.columns WHERE table_schema = 'monitoring'
          AND table_name IN (SELECT table_name FROM information_schema.tables WHERE table_schema = 'monitoring' AND table_type = 'BASE TABLE')`,
    );
    for (const { t: table, c } of columns) {
      const hits: unknown[] = await db.query(`SELECT 1 FROM monitoring."${table}" WHERE upper("${c}"::text) LIKE '%7RRT%MPK9%' LIMIT 1`);
      expect(`${table}.${c}: ${hits.length}`).toBe(`${table}.${c}: 0`);
    }
  });

  it.each([
    [{}, 'screeningId', 'screeningId or resumeCode is required'],
    [{ screeningId: knownId, resumeCode: CODE }, 'resumeCode', 'give screeningId or resumeCode, not both'],
    [{ resumeCode: 'AC3DEF4G; DROP TABLE' }, 'resumeCode', undefined],
    [{ resumeCode: 12345678 }, 'resumeCode', undefined],
  ])('refuses %j with 400 naming %s, without asking the questionnaire', async (body, field, issue) => {
    const res = await post(body);
    expect(res.status).toBe(400);
    expect(res.body.error.details[0].field).toBe(field);
    if (issue) expect(res.body.error.details[0].issue).toBe(issue);
    expect(calls).toEqual([]);
  });

  it('answers 404 naming resumeCode for a code the questionnaire does not know, or whose screening has not reached monitoring', async () => {
    const unknown = await post({ resumeCode: 'AAAA3333' });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.details).toEqual([{ field: 'resumeCode', issue: 'no completed screening has this resume code' }]);
    mode = 'unknown-to-monitoring';
    const early = await post({ resumeCode: CODE });
    expect(early.status).toBe(404);
    expect(early.body.error.details[0].field).toBe('resumeCode');
  });

  it('passes on the questionnaire’s rate limit as 429 and its failure as 503, never 500', async () => {
    mode = 'limited';
    const limited = await post({ resumeCode: CODE });
    expect(limited.status).toBe(429);
    expect(limited.body.error.code).toBe('RATE_LIMITED');
    // The questionnaire's wait is passed on.
    expect(limited.headers['retry-after']).toBe('17');
    mode = 'broken';
    const broken = await post({ resumeCode: CODE });
    expect(broken.status).toBe(503);
    expect(broken.body.error).toMatchObject({ code: 'SERVICE_UNAVAILABLE', details: [{ field: 'resumeCode', issue: 'cannot be checked now' }] });
    expect(JSON.stringify(broken.body)).not.toContain(CODE);
  });

  it('answers 503 when the questionnaire is too slow (QUESTIONNAIRE_TIMEOUT_MS) or down', async () => {
    mode = 'slow';
    const started = Date.now();
    const slow = await post({ resumeCode: CODE });
    expect(slow.status).toBe(503);
    expect(Date.now() - started).toBeLessThan(1_800);

    const down = http.createServer();
    await new Promise<void>((resolve) => down.listen(0, '127.0.0.1', resolve));
    const deadUrl = `http://127.0.0.1:${(down.address() as AddressInfo).port}`;
    await new Promise((resolve) => down.close(resolve));
    slowT = await createTestApp((config) => AppModule.forRoot(config, { clock, territories: fakeTerritories }), {
      config: monitoringConfig,
      env: { REDIS_URL: testRedisUrl(), QUEUE_PREFIX: testQueuePrefix('mon-fud'), QUESTIONNAIRE_URL: deadUrl, INTERNAL_API_TOKEN: TOKEN },
    });
    const res = await slowT.http
      .post('/api/v1/follow-ups')
      .set('authorization', `Bearer ${await slowT.tokens.operator('org-code')}`)
      .send({ resumeCode: CODE, needs: ['ISEE'], help: [{ type: 'ISEE' }] });
    expect(res.status).toBe(503);
    expect(res.body.error.code).toBe('SERVICE_UNAVAILABLE');
  });

  describe('GraphQL recordFollowUp', () => {
    const gql = async (input: object, token?: string) =>
      t.http
        .post('/graphql')
        .set('authorization', `Bearer ${token ?? (await t.tokens.operator('org-gql'))}`)
        .send({
          query: `mutation($i: RecordFollowUpInput!) { recordFollowUp(input: $i) { id screeningId organisationId needs help { type benefitId result } } }`,
          variables: { i: { day: '2026-03-12', needs: ['ISEE'], help: [{ type: 'ISEE' }], ...input } },
        });

    it('records a follow-up by resume code, as REST does', async () => {
      const res = await gql({ resumeCode: CODE });
      expect(res.body.errors).toBeUndefined();
      expect(res.body.data.recordFollowUp).toMatchObject({ screeningId: knownId, organisationId: 'org-gql', needs: ['ISEE'], help: [{ type: 'ISEE' }] });
    });

    it('refuses both keys, or neither, naming the field, and a role that may not record one', async () => {
      const both = await gql({ resumeCode: CODE, screeningId: knownId });
      expect(both.body.errors[0].extensions).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ field: 'resumeCode' }] });
      expect(both.body.errors[0].message).toContain('resumeCode');
      const neither = await gql({});
      expect(neither.body.errors[0].extensions.details[0].field).toBe('screeningId');
      const central = await gql({ resumeCode: CODE }, await t.tokens.central());
      expect(central.body.errors[0].extensions.code).toBe('FORBIDDEN');
      mode = 'broken';
      const down = await gql({ resumeCode: CODE }, await t.tokens.operator('org-gql-2'));
      expect(down.body.errors[0].extensions).toMatchObject({ code: 'SERVICE_UNAVAILABLE', status: 503 });
    });
  });
});

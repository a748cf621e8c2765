import { createTestApp, eventually, FixedClock, JobWorkers, QUEUE_BACKEND, testQueuePrefix, testRedisUrl, type QueueBackend, type TestApp } from '@inps/shared';
import { DataSource } from 'typeorm';
import { AppModule } from '../src/app.module';
import { monitoringConfig } from '../src/monitoring.config';
import { MONITORING_DATABASE } from '../src/migrations';
import {
  REPORT_JOB,
  REPORTS_QUEUE,
  REQUEUE_SCHEDULER_ID,
  SEMIANNUAL_JOB,
  SEMIANNUAL_PATTERN,
  SEMIANNUAL_SCHEDULER_ID,
} from '../src/modules/reports/report-job';
import { ReportsProcessor } from '../src/modules/reports/reports.processor';
import { ReportsService } from '../src/modules/reports/reports.service';
import { fakeTerritories, screeningEvent, seedScreenings } from './helpers';

type Indicator = { indicatorId: string; value: unknown; numerator: unknown };

describe('semiannual reports', () => {
  let t: TestApp<typeof monitoringConfig.fields>;
  let ds: DataSource;
  let processor: ReportsProcessor;
  const clock = new FixedClock('2026-07-10T10:00:00Z');
  const auth = (token: string) => ({ authorization: `Bearer ${token}` });

  beforeAll(async () => {
    t = await createTestApp((config) => AppModule.forRoot(config, { clock, territories: fakeTerritories, withWorker: true }), {
      config: monitoringConfig,
      database: MONITORING_DATABASE,
      env: { REDIS_URL: testRedisUrl(), QUEUE_PREFIX: testQueuePrefix('mon-rep') },
    });
    ds = t.app.get(DataSource);
    processor = t.app.get(ReportsProcessor);
    // 12 screenings in Roma (8 with a likely benefit), 3 in Milano; one in the next semester.
    await seedScreenings(t.app, [
      ...Array.from({ length: 8 }, () => screeningEvent({ territory: '058091' })),
      ...Array.from({ length: 4 }, () => screeningEvent({ territory: '058120', verdicts: [{ benefitId: 'ADI', status: 'NOT_ELIGIBLE' }] })),
      ...Array.from({ length: 3 }, () => screeningEvent({ territory: '015146', channel: 'gazebo' })),
      screeningEvent({ day: '2026-07-05' }),
    ]);
  }, 30_000);
  afterAll(() => t.close());

  const waitCompleted = (id: string) =>
    eventually(
      'the report to be completed',
      async () => {
        const rows = (await ds.query(`SELECT status FROM report WHERE id = $1`, [id])) as { status: string }[];
        return rows[0]?.status === 'COMPLETED';
      },
      { timeoutMs: 30_000, everyMs: 50 },
    );
  const indicator = (snapshot: { indicators: Indicator[] }, id: string) => snapshot.indicators.find((i) => i.indicatorId === id) as Indicator;

  it('compiles a national report once for duplicate requests, with files in every format and the partner view for partners', async () => {
    const central = await t.tokens.central();
    const first = await t.http.post('/api/v1/reports').set(auth(central)).send({ semester: '2026S1' });
    expect(first.status).toBe(202);
    expect(first.body).toMatchObject({ status: 'QUEUED', version: 1, scope: { level: 'NATIONAL', code: 'IT' } });
    const again = await t.http.post('/api/v1/reports').set(auth(central)).send({ semester: '2026S1' });
    expect(again.body.id).toBe(first.body.id);
    await waitCompleted(first.body.id);

    const report = await t.http.get(`/api/v1/reports/${first.body.id}`).set(auth(central));
    expect(report.body).toMatchObject({ status: 'COMPLETED', progress: 100, files: ['json', 'csv', 'xlsx', 'pdf'] });
    expect(indicator(report.body.snapshot, 'screening.completed').value).toBe(15);
    expect(indicator(report.body.snapshot, 'screening.withLikelyBenefitShare').value).toBe(0.7333);
    expect(indicator(report.body.snapshot, 'screening.likelyBenefits').value).toBe(11);

    const partner = await t.http.get(`/api/v1/reports/${first.body.id}`).set(auth(await t.tokens.operator('org-a')));
    expect(partner.body.snapshot.meta.partnerView).toBe(true);
    expect(partner.body.snapshot.indicators.some((i: Indicator) => i.indicatorId === 'governance.activeAgreements')).toBe(false);

    const types: Record<string, RegExp> = { json: /^application\/json/, csv: /^text\/csv/, xlsx: /spreadsheetml/, pdf: /^application\/pdf/ };
    for (const [format, type] of Object.entries(types)) {
      const file = await t.http
        .get(`/api/v1/reports/${first.body.id}/files/${format}`)
        .set(auth(central))
        .buffer(true)
        .parse((res, cb) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => cb(null, Buffer.concat(chunks)));
        });
      expect(file.status).toBe(200);
      expect(file.headers['content-type']).toMatch(type);
      if (format === 'pdf') expect((file.body as Buffer).subarray(0, 5).toString()).toBe('%PDF-');
    }
    const partnerJson = await t.http.get(`/api/v1/reports/${first.body.id}/files/json`).set(auth(await t.tokens.partnerApp('org-b')));
    expect(JSON.parse(partnerJson.text).meta.partnerView).toBe(true);
    const badFormat = await t.http.get(`/api/v1/reports/${first.body.id}/files/docx`).set(auth(central));
    expect(badFormat.status).toBe(400);
    expect(badFormat.body.error.details[0].field).toBe('format');

    // A duplicate job for the same report finds it completed and changes nothing.
    const queue = t.app.get<QueueBackend>(QUEUE_BACKEND).createQueue(REPORTS_QUEUE.name);
    try {
      const job = await queue.add(
        REPORT_JOB.name,
        { reportId: first.body.id, semester: '2026S1', scopeLevel: 'NATIONAL', scopeCode: 'IT', version: 1 },
        { jobId: 'duplicate-1' },
      );
      await eventually('the job to complete', async () => (await job.getState()) === 'completed', { timeoutMs: 45_000, everyMs: 50 });
    } finally {
      await queue.close();
    }
    expect(await ds.query(`SELECT count(*)::int AS n FROM report WHERE semester = '2026S1' AND scope_code = 'IT'`)).toEqual([{ n: 1 }]);
    // Four formats for each of the two editions, and the PDF of each edition in English too.
    expect(await ds.query(`SELECT count(*)::int AS n FROM report_file WHERE report_id = $1`, [first.body.id])).toEqual([{ n: 10 }]);
  }, 60_000);

  it('returns the same completed report when asked again, and makes exactly one new version when two ask for one at once', async () => {
    const central = await t.tokens.central();
    const post = (body: object) => t.http.post('/api/v1/reports').set(auth(central)).send(body);
    const done = (await ds.query(`SELECT id FROM report WHERE semester = '2026S1' AND scope_code = 'IT' AND status = 'COMPLETED'`)) as { id: string }[];
    expect(done).toHaveLength(1);
    // Asked again after it was compiled: the same report, not version 2 (docs/api.md).
    const again = await post({ semester: '2026S1' });
    expect(again.status).toBe(202);
    expect(again.body).toMatchObject({ id: done[0].id, version: 1, status: 'COMPLETED' });
    expect((await post({ semester: '2026S1', newVersion: false })).body.id).toBe(done[0].id);

    // Two explicit requests at once, each on its own connection: one version 2.
    const [a, b] = await Promise.all([post({ semester: '2026S1', newVersion: true }), post({ semester: '2026S1', newVersion: true })]);
    expect([a.status, b.status]).toEqual([202, 202]);
    expect(a.body.id).toBe(b.body.id);
    expect(a.body.version).toBe(2);
    await waitCompleted(a.body.id);
    expect(await ds.query(`SELECT version FROM report WHERE semester = '2026S1' AND scope_code = 'IT' ORDER BY version`)).toEqual([
      { version: 1 },
      { version: 2 },
    ]);
    // And then the plain request returns the latest version.
    expect((await post({ semester: '2026S1' })).body).toMatchObject({ id: a.body.id, version: 2 });
    // Many explicit requests at once, straight to the service (each in its own transaction): one version 3.
    const reports = t.app.get(ReportsService);
    const many = await Promise.all(Array.from({ length: 6 }, () => reports.enqueue('2026S1', 'NATIONAL', 'IT', 'test', true)));
    expect(new Set(many.map((r) => r.id)).size).toBe(1);
    expect(many[0].version).toBe(3);
    await waitCompleted(many[0].id);

    const bad = await post({ semester: '2026S1', newVersion: 'yes' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].field).toBe('newVersion');
  }, 60_000);

  it('leaves nothing visible when a job fails after rendering, and exactly one complete report after the retry', async () => {
    let calls = 0;
    let seenMidway: unknown[] = [];
    processor.hooks.afterRender = async (data) => {
      calls += 1;
      if (calls === 1) {
        seenMidway = (await ds.query(
          `SELECT status, snapshot IS NULL AS empty, (SELECT count(*)::int FROM report_file WHERE report_id = $1) AS files FROM report WHERE id = $1`,
          [data.reportId],
        )) as unknown[];
        throw new Error('disk full');
      }
    };
    try {
      const res = await t.http
        .post('/api/v1/reports')
        .set(auth(await t.tokens.central()))
        .send({ semester: '2026S1', territory: '12' });
      expect(res.body.scope).toEqual({ level: 'REGION', code: '12' });
      await waitCompleted(res.body.id);
      expect(calls).toBe(2);
      expect(seenMidway).toEqual([{ status: 'RUNNING', empty: true, files: 0 }]);
      expect(await ds.query(`SELECT count(*)::int AS n FROM report WHERE semester = '2026S1' AND scope_code = '12'`)).toEqual([{ n: 1 }]);
      expect(await ds.query(`SELECT count(*)::int AS n FROM report_file WHERE report_id = $1`, [res.body.id])).toEqual([{ n: 10 }]);
      const report = await t.http.get(`/api/v1/reports/${res.body.id}`).set(auth(await t.tokens.territorial(['12'])));
      expect(indicator(report.body.snapshot, 'screening.completed').value).toBe(12);
    } finally {
      delete processor.hooks.afterRender;
    }
  }, 60_000);

  it('finishes a report left RUNNING by a worker that died, once, and never rewrites a completed one', async () => {
    const [row] = (await ds.query(
      `INSERT INTO report (semester, scope_level, scope_code, version, status, progress, requested_by) VALUES ('2025S1', 'NATIONAL', 'IT', 1, 'RUNNING', 5, 'test') RETURNING id`,
    )) as { id: string }[];
    const job = {
      name: REPORT_JOB.name,
      data: { reportId: row.id, semester: '2025S1', scopeLevel: 'NATIONAL', scopeCode: 'IT', version: 1 },
      attemptsMade: 0,
      opts: { attempts: 5 },
      updateProgress: async () => undefined,
    };
    await processor.process(job);
    const [done] = (await ds.query(`SELECT status, completed_at FROM report WHERE id = $1`, [row.id])) as { status: string; completed_at: Date }[];
    expect(done?.status).toBe('COMPLETED');
    const files = async () => ((await ds.query(`SELECT count(*)::int AS n FROM report_file WHERE report_id = $1`, [row.id])) as { n: number }[])[0]?.n;
    const count = await files();
    expect(count).toBeGreaterThan(0);
    // The same job delivered again (the frozen first worker waking up) changes nothing.
    await processor.process(job);
    expect(await files()).toBe(count);
    expect(((await ds.query(`SELECT completed_at FROM report WHERE id = $1`, [row.id])) as { completed_at: Date }[])[0]?.completed_at).toEqual(
      done?.completed_at,
    );
  }, 60_000);

  it('ends FAILED with the reason after the last attempt', async () => {
    const [row] = (await ds.query(
      `INSERT INTO report (semester, scope_level, scope_code, version, status, progress, requested_by) VALUES ('2025S2', 'NATIONAL', 'IT', 1, 'QUEUED', 0, 'test') RETURNING id`,
    )) as { id: string }[];
    processor.hooks.afterRender = () => {
      throw new Error('renderer crashed');
    };
    try {
      const job = {
        name: REPORT_JOB.name,
        data: { reportId: row.id, semester: '2025S2', scopeLevel: 'NATIONAL', scopeCode: 'IT', version: 1 },
        attemptsMade: 4,
        opts: { attempts: 5 },
        updateProgress: async () => undefined,
      };
      await expect(processor.process(job)).rejects.toThrow('renderer crashed');
    } finally {
      delete processor.hooks.afterRender;
    }
    expect(await ds.query(`SELECT status, failure_reason, snapshot IS NULL AS empty FROM report WHERE id = $1`, [row.id])).toEqual([
      { status: 'FAILED', failure_reason: 'renderer crashed', empty: true },
    ]);
  }, 30_000);

  it('refuses report requests from anyone but central, and territorial users outside the scope', async () => {
    expect(
      (
        await t.http
          .post('/api/v1/reports')
          .set(auth(await t.tokens.territorial(['12'])))
          .send({ semester: '2026S1' })
      ).status,
    ).toBe(403);
    expect(
      (
        await t.http
          .post('/api/v1/reports')
          .set(auth(await t.tokens.partnerAdmin()))
          .send({ semester: '2026S1' })
      ).status,
    ).toBe(403);
    const bad = await t.http
      .post('/api/v1/reports')
      .set(auth(await t.tokens.central()))
      .send({ semester: '2026S3' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].field).toBe('semester');
    const unknown = await t.http
      .post('/api/v1/reports')
      .set(auth(await t.tokens.central()))
      .send({ semester: '2026S1', territory: '999999' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.details[0].field).toBe('territory');
    const list = await t.http.get('/api/v1/reports').set(auth(await t.tokens.territorial(['03'])));
    expect(list.body).toEqual([]);
    const national = (await t.http.get('/api/v1/reports').set(auth(await t.tokens.central()))).body.find(
      (r: { scope: { code: string } }) => r.scope.code === 'IT',
    );
    // A report outside one's territories answers as a missing one: its existence is not disclosed.
    const outside = await t.http.get(`/api/v1/reports/${national.id}`).set(auth(await t.tokens.territorial(['03'])));
    expect(outside.status).toBe(404);
    expect(outside.body.error.details).toEqual([
      { field: 'resource', issue: 'report' },
      { field: 'id', issue: national.id },
    ]);
  });

  it('keeps one semiannual schedule however often it is registered, and the schedule requests a report per region and a national one', async () => {
    await t.app.get(JobWorkers).restore();
    await t.app.get(JobWorkers).restore();
    const queue = t.app.get<QueueBackend>(QUEUE_BACKEND).createQueue(REPORTS_QUEUE.name);
    try {
      // The queue's schedules: the semiannual one, and the putting back of waiting reports' jobs.
      const schedulers = await queue.getJobSchedulers();
      expect(schedulers.map((s) => s.key).sort()).toEqual([REQUEUE_SCHEDULER_ID, SEMIANNUAL_SCHEDULER_ID].sort());
      expect(schedulers.find((s) => s.key === SEMIANNUAL_SCHEDULER_ID)).toMatchObject({
        key: SEMIANNUAL_SCHEDULER_ID,
        pattern: SEMIANNUAL_PATTERN,
        tz: 'Europe/Rome',
      });
    } finally {
      await queue.close();
    }
    clock.set('2027-01-01T01:00:00Z');
    await t.app
      .get(JobWorkers)
      .dispatch(SEMIANNUAL_JOB, { name: SEMIANNUAL_JOB.name, data: {}, attemptsMade: 0, opts: {}, updateProgress: async () => undefined });
    const scopes = (await ds.query(`SELECT scope_code FROM report WHERE semester = '2026S2' ORDER BY scope_code`)) as { scope_code: string }[];
    expect(scopes.map((s) => s.scope_code)).toEqual(['03', '12', 'IT']);
    await eventually(
      'three 2026S2 reports completed',
      async () => ((await ds.query(`SELECT count(*)::int AS n FROM report WHERE semester = '2026S2' AND status = 'COMPLETED'`)) as { n: number }[])[0].n === 3,
      { timeoutMs: 60_000, everyMs: 50 },
    );

    // One screening in the semester: the full report shows it; partners get "< 5" and its categories withheld,
    // which protects it (a count that nothing else ties to a visible figure), so their edition exists.
    const [national] = (await ds.query(
      `SELECT id, partner_view_withheld, snapshot, partner_snapshot FROM report WHERE semester = '2026S2' AND scope_code = 'IT'`,
    )) as {
      id: string;
      partner_view_withheld: string | null;
      snapshot: { indicators: Indicator[] };
      partner_snapshot: { indicators: Indicator[] };
    }[];
    expect(national.partner_view_withheld).toBeNull();
    expect(indicator(national.snapshot, 'screening.completed').value).toBe(1);
    expect(indicator(national.partner_snapshot, 'screening.completed').value).toEqual({ suppressed: 'small' });
    expect((await t.http.get(`/api/v1/reports/${national.id}/files/csv`).set(auth(await t.tokens.central()))).status).toBe(200);
    const partner = await t.http.get(`/api/v1/reports/${national.id}/files/csv`).set(auth(await t.tokens.operator()));
    expect(partner.status).toBe(200);
    expect(partner.text).toMatch(/screening\.completed.*< 5/);
  }, 90_000);
});

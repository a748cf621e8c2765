/**
 * Fault: the monitoring worker is killed (SIGKILL) in the middle of compiling a report.
 *
 * Real built processes (services/monitoring/dist/main.js and worker.js) on the local PostgreSQL and
 * Redis, in a database and a queue prefix of their own. Once the report is RUNNING the worker is
 * killed with kill -9 and a new worker is started: BullMQ's stalled-job check must hand the job to
 * the new worker, and exactly one COMPLETED report with all its files must exist for the
 * (semester, scope, version), none left partial (QUEUED, RUNNING, FAILED, or without files).
 */
import { Queue } from 'bullmq';
import { eventually } from '@inps/shared';
import { sleep, sparePort, redisOptions, Fixture, localUrl, waitReady, waitWorkerListening, runSeed } from '../support/stack';

const since = (t: number): string => `${((Date.now() - t) / 1000).toFixed(1)} s`;

interface ReportRow {
  id: string;
  semester: string;
  scope_level: string;
  scope_code: string;
  version: number;
  status: string;
  progress: number;
  failure_reason: string | null;
  completed_at: Date | null;
  files: number;
}

const REPORT_ROWS = `SELECT r.id, r.semester, r.scope_level, r.scope_code, r.version, r.status, r.progress, r.failure_reason, r.completed_at,
  (SELECT count(*)::int FROM monitoring.report_file f WHERE f.report_id = r.id) AS files FROM monitoring.report r`;

let n = 0;
// The faults project sets testTimeout: 300_000, but Jest reads testTimeout only from the global
// config, not from a project: without this the tests get Jest's default 5 s.
jest.setTimeout(300_000);

describe('monitoring worker killed with SIGKILL in the middle of a report', () => {
  let fx: Fixture;
  let queue: Queue | undefined;

  beforeEach(async () => {
    fx = new Fixture('wk', (n += 1));
    await fx.open();
  });

  afterEach(async () => {
    await queue?.close().catch(() => undefined);
    queue = undefined;
    await fx.close();
  });

  it('the job is recovered by a new worker and exactly one COMPLETED report with its files exists, none partial', async () => {
    const t0 = Date.now();
    // 30k screenings: compiling the national report takes several seconds on this machine.
    await runSeed(fx, 30_000);
    const seeded = Date.now();
    const port = await sparePort();
    const api = fx.start('monitoring-api', 'services/monitoring/dist/main.js', { PORT: String(port) });
    await waitReady(localUrl(port), 90_000, [api]);
    queue = new Queue(`${fx.prefix}.reports`, { connection: redisOptions() });
    const workerA = fx.start('monitoring-worker-A', 'services/monitoring/dist/worker.js');
    await waitWorkerListening(queue, workerA, 0);

    const central = await fx.token('central', { territories: ['IT'] });
    const res = await fetch(`http://127.0.0.1:${port}/api/v1/reports`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${central}` },
      body: JSON.stringify({ semester: '2026S1' }),
    });
    const requested = (await res.json()) as { id: string; version: number; status: string };
    expect(res.status).toBe(202);
    const reportId = requested.id;
    const jobId = `report-2026S1-NATIONAL-IT-v${requested.version}`;

    // Kill -9 as soon as the report is RUNNING (the worker has taken the job and started compiling).
    const atKill = await eventually(
      'the report to be RUNNING',
      async () => {
        const [r] = await fx.query<ReportRow>(`${REPORT_ROWS} WHERE r.id = $1`, [reportId]);
        return r?.status === 'RUNNING' ? r : r?.status === 'COMPLETED' || r?.status === 'FAILED' ? r : undefined;
      },
      { timeoutMs: 60_000, everyMs: 50, retryErrors: true },
    );
    workerA.signal('SIGKILL');
    const killedAt = Date.now();
    await workerA.exited;
    if (atKill.status !== 'RUNNING') throw new Error(`the report was ${atKill.status} before the worker could be killed: seed more data (test inconclusive)`);
    const [afterKill] = await fx.query<ReportRow>(`${REPORT_ROWS} WHERE r.id = $1`, [reportId]);
    expect(afterKill.status).toBe('RUNNING');
    expect(afterKill.files).toBe(0);
    const stateAtKill = await queue.getJobState(jobId);

    const workerB = fx.start('monitoring-worker-B', 'services/monitoring/dist/worker.js');
    // Worker A's registration disappears with its connection; wait for B's.
    await waitWorkerListening(queue, workerB, 0);

    // Wait for the report to settle. A job that BullMQ reports completed while the report is not
    // COMPLETED is a lost report: fail at once with what happened rather than time out.
    let recoveredAfter: string | undefined;
    let jobCompletedAt: number | undefined;
    const settled = await eventually(
      'the report to be COMPLETED (or the job to end without it)',
      async () => {
        const [r] = await fx.query<ReportRow>(`${REPORT_ROWS} WHERE r.id = $1`, [reportId]);
        const job = await queue?.getJob(jobId);
        const state = job ? await job.getState() : 'missing';
        if (!recoveredAfter && job && (job.attemptsStarted ?? 0) >= 2) recoveredAfter = since(killedAt);
        if (r.status === 'COMPLETED' || r.status === 'FAILED') return { r, state, job };
        if (state === 'completed' || state === 'failed') {
          jobCompletedAt ??= Date.now();
          // Give the database a moment in case the job ended just after the report row was read.
          if (Date.now() - jobCompletedAt > 3000) return { r, state, job };
        }
        return undefined;
      },
      { timeoutMs: 240_000, everyMs: 250, retryErrors: true },
    );
    const recoveryTime = since(killedAt);

    const rows = await fx.query<ReportRow>(
      `${REPORT_ROWS} WHERE r.semester = '2026S1' AND r.scope_level = 'NATIONAL' AND r.scope_code = 'IT' ORDER BY r.version`,
    );
    const summary = {
      seedTime: `${((seeded - t0) / 1000).toFixed(1)} s`,
      progressAtKill: atKill.progress,
      jobStateAtKill: stateAtKill,
      jobState: settled.state,
      jobAttemptsStarted: settled.job?.attemptsStarted,
      jobAttemptsMade: settled.job?.attemptsMade,
      jobStalledCounter: settled.job?.stalledCounter,
      jobFailedReason: settled.job?.failedReason,
      newWorkerPickedUpAfterKill: recoveredAfter,
      settledAfterKill: recoveryTime,
      reports: rows.map((r) => ({ id: r.id, version: r.version, status: r.status, progress: r.progress, files: r.files, failure: r.failure_reason })),
    };
    process.stdout.write(`worker-kill: ${JSON.stringify(summary)}\n`);

    const problems: string[] = [];
    if (settled.r.status !== 'COMPLETED') {
      problems.push(
        `report ${reportId} (2026S1, NATIONAL/IT, v${requested.version}) is ${settled.r.status} (progress ${settled.r.progress}, ${settled.r.files} files) ` +
          `while its BullMQ job ${jobId} is "${settled.state}" after ${settled.job?.attemptsStarted ?? '?'} starts: the report is lost. ` +
          `Likely cause: ReportsProcessor.compile() only starts a report whose status is QUEUED (UPDATE ... WHERE status = 'QUEUED'); ` +
          `a worker killed mid-compile leaves it RUNNING, so the retried (stalled) job finds nothing to start and completes without compiling. ` +
          `A new POST /api/v1/reports for the same semester/scope returns that RUNNING report and re-adds the same job id, which BullMQ ignores: it stays RUNNING forever.`,
      );
      // Does asking again repair it? Record what a new request returns.
      const again = await fetch(`http://127.0.0.1:${port}/api/v1/reports`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${central}` },
        body: JSON.stringify({ semester: '2026S1' }),
      });
      const againView = (await again.json()) as { id: string; status: string };
      await sleep(5000);
      const [stillThere] = await fx.query<ReportRow>(`${REPORT_ROWS} WHERE r.id = $1`, [reportId]);
      problems.push(
        `a new POST /api/v1/reports answered ${again.status} with report ${againView.id === reportId ? 'the same' : 'another'} id (${againView.status}); 5 s later the report is ${stillThere.status}`,
      );
    }
    const completed = rows.filter((r) => r.status === 'COMPLETED');
    if (completed.length !== 1) problems.push(`expected exactly one COMPLETED report for (2026S1, NATIONAL/IT), found ${completed.length}`);
    for (const r of rows) {
      if (r.status !== 'COMPLETED') problems.push(`report v${r.version} ${r.id} left ${r.status} at progress ${r.progress} (partial)`);
      else if (r.files < 4) problems.push(`COMPLETED report v${r.version} has only ${r.files} files`);
    }
    if (new Set(rows.map((r) => r.version)).size !== rows.length) problems.push('two report rows share one version');
    if (problems.length) throw new Error(`${problems.join('\n')}\n${JSON.stringify(summary, null, 1)}\n${fx.logs()}`);

    // Through the API as well: the files are served.
    const viewRes = await fetch(`http://127.0.0.1:${port}/api/v1/reports/${reportId}`, { headers: { authorization: `Bearer ${central}` } });
    const view = (await viewRes.json()) as { status: string; files: string[] };
    expect(view.status).toBe('COMPLETED');
    expect(view.files).toEqual(['json', 'csv', 'xlsx', 'pdf']);
    const pdf = await fetch(`http://127.0.0.1:${port}/api/v1/reports/${reportId}/files/pdf`, { headers: { authorization: `Bearer ${central}` } });
    expect(pdf.status).toBe(200);
    expect((await pdf.arrayBuffer()).byteLength).toBeGreaterThan(1000);
  });
});

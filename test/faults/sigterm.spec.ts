/**
 * Fault: SIGTERM to each process under load.
 *
 * APIs (gateway, questionnaire, agreements, monitoring): requests are kept in flight by concurrent
 * clients (one connection per request), SIGTERM is sent, and then: every request whose connection
 * the server had accepted before the signal ends 2xx (none cut, none 5xx), the process exits 0
 * within its 25 s grace period, and everything answered 2xx is in the database (and, for reports,
 * its job on the queue). A request refused at connect time after the signal was never accepted.
 *
 * Monitoring worker: SIGTERM while it compiles a report; the job either finishes before the exit
 * or goes back to the queue and completes on the next worker; never compiled twice.
 *
 * Real built processes on the local PostgreSQL and Redis, in a database and queue prefix of their own.
 */
import { request as httpRequest } from 'node:http';
import { Queue } from 'bullmq';
import { eventually, frameworkBody } from '@inps/shared';
import { sleep, sparePort, redisOptions, Proc, Fixture, localUrl, waitReady, waitWorkerListening, runSeed } from '../support/stack';

interface Outcome {
  readonly call: Call;
  readonly loop: number;
  readonly startedAt: number;
  connectedAt?: number;
  endedAt?: number;
  status?: number;
  body?: string;
  error?: string;
}

interface Call {
  readonly method: string;
  readonly path: string;
  readonly body?: unknown;
  readonly token?: string;
}

/** One request on its own connection (no keep-alive), recording when the connection was made. */
function call(port: number, c: Call, loop: number): Promise<Outcome> {
  const o: Outcome = { call: c, loop, startedAt: Date.now() };
  const payload = c.body === undefined ? undefined : JSON.stringify(c.body);
  return new Promise((resolve) => {
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port,
        method: c.method,
        path: c.path,
        agent: false,
        timeout: 40_000,
        headers: {
          ...(payload ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } : {}),
          ...(c.token ? { authorization: `Bearer ${c.token}` } : {}),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (d: Buffer) => chunks.push(d));
        res.on('end', () => {
          o.status = res.statusCode;
          o.body = Buffer.concat(chunks).toString('utf8');
          o.endedAt = Date.now();
          resolve(o);
        });
        res.on('error', (e) => {
          o.error = `response: ${e.message}`;
          o.endedAt = Date.now();
          resolve(o);
        });
      },
    );
    req.on('socket', (s) => s.once('connect', () => (o.connectedAt = Date.now())));
    req.on('timeout', () => req.destroy(new Error('client timeout')));
    req.on('error', (e: NodeJS.ErrnoException) => {
      o.error = e.code ?? e.message;
      o.endedAt = Date.now();
      resolve(o);
    });
    req.end(payload);
  });
}

interface LoadResult {
  readonly outcomes: Outcome[];
  readonly signalAt: number;
  readonly exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  readonly exitAfterMs: number;
}

/** A connection made this long before the signal has surely been accepted by the server. */
const ACCEPT_MARGIN_MS = 25;
const GRACE_MS = 25_000;

/**
 * `concurrency` clients loop `step` (a short sequence of calls) until the process is gone; after
 * `warmupMs` the process gets SIGTERM. Bounded: a loop stops at its first refused connection, two
 * seconds after the signal, or after 400 calls.
 */
async function sigtermUnderLoad(
  proc: Proc,
  port: number,
  concurrency: number,
  step: (i: number, loop: number, prev: Outcome | undefined) => Call | undefined,
  warmupMs = 1500,
): Promise<LoadResult> {
  const outcomes: Outcome[] = [];
  let signalAt = Number.POSITIVE_INFINITY;
  let i = 0;
  const loop = async (l: number): Promise<void> => {
    let prev: Outcome | undefined;
    for (let k = 0; k < 400; k++) {
      if (Date.now() > signalAt + 2000) return;
      const c = step(i++, l, prev);
      if (!c) {
        prev = undefined;
        continue;
      }
      const o = await call(port, c, l);
      outcomes.push(o);
      if (o.error === 'ECONNREFUSED') return;
      prev = o;
    }
  };
  const loops = Array.from({ length: concurrency }, (_, l) => loop(l));
  await sleep(warmupMs);
  signalAt = Date.now();
  proc.signal('SIGTERM');
  const killer = setTimeout(() => proc.signal('SIGKILL'), GRACE_MS + 10_000);
  const exit = await Promise.race([proc.exited, sleep(GRACE_MS + 12_000).then(() => undefined)]);
  clearTimeout(killer);
  const exitAfterMs = Date.now() - signalAt;
  await Promise.all(loops);
  return { outcomes, signalAt, exit, exitAfterMs };
}

/** The shared verdict: in-flight requests all 2xx, no 5xx at all, exit 0 within the grace period. */
async function judge(
  name: string,
  r: LoadResult,
  fx: Fixture,
  wasApplied?: (cut: Outcome[]) => Promise<string>,
): Promise<{ accepted: Outcome[]; summary: Record<string, unknown> }> {
  const accepted = r.outcomes.filter((o) => o.connectedAt !== undefined && o.connectedAt <= r.signalAt - ACCEPT_MARGIN_MS);
  const overlapping = r.outcomes.filter((o) => o.connectedAt !== undefined && o.connectedAt < r.signalAt && (o.endedAt ?? Infinity) > r.signalAt);
  const cut = accepted.filter((o) => o.status === undefined || o.status < 200 || o.status >= 300);
  const serverErrors = r.outcomes.filter((o) => o.status !== undefined && o.status >= 500);
  const late = r.outcomes.filter((o) => o.connectedAt !== undefined && o.connectedAt > r.signalAt - ACCEPT_MARGIN_MS);
  const summary = {
    service: name,
    requests: r.outcomes.length,
    acceptedBeforeSignal: accepted.length,
    inFlightAtSignal: overlapping.length,
    afterSignal: {
      total: late.length,
      ok: late.filter((o) => o.status !== undefined && o.status < 300).length,
      other: late.filter((o) => !(o.status !== undefined && o.status < 300)).map((o) => o.status ?? o.error),
    },
    refused: r.outcomes.filter((o) => o.error === 'ECONNREFUSED').length,
    exit: r.exit,
    exitAfterMs: r.exitAfterMs,
  };
  process.stdout.write(`sigterm ${JSON.stringify(summary)}\n`);
  const problems: string[] = [];
  if (overlapping.length === 0) problems.push('no request was in flight when SIGTERM arrived (test inconclusive)');
  if (cut.length) {
    problems.push(
      `${cut.length} of ${accepted.length} requests whose connection was accepted before SIGTERM (and whose request was sent) did not end 2xx: ` +
        JSON.stringify(
          cut.slice(0, 8).map((o) => ({
            call: `${o.call.method} ${o.call.path}`,
            status: o.status,
            error: o.error,
            body: o.body?.slice(0, 200),
            connectedBeforeSignalMs: r.signalAt - (o.connectedAt ?? 0),
          })),
        ) +
        (wasApplied ? `; ${await wasApplied(cut)}` : ''),
    );
  }
  if (serverErrors.length)
    problems.push(`${serverErrors.length} responses were 5xx: ${JSON.stringify(serverErrors.slice(0, 5).map((o) => `${o.status} ${o.body?.slice(0, 200)}`))}`);
  if (!r.exit) problems.push(`the process had not exited ${r.exitAfterMs} ms after SIGTERM (grace period ${GRACE_MS} ms)`);
  else if (r.exit.code !== 0) problems.push(`the process exited ${JSON.stringify(r.exit)} ${r.exitAfterMs} ms after SIGTERM, not 0`);
  else if (r.exitAfterMs > GRACE_MS) problems.push(`the process exited ${r.exitAfterMs} ms after SIGTERM, beyond its ${GRACE_MS} ms grace period`);
  if (problems.length) throw new Error(`${name}: ${problems.join('\n')}\n${JSON.stringify(summary)}\n${fx.logs()}`);
  return { accepted, summary };
}

const ok = (o: Outcome | undefined): boolean => o?.status !== undefined && o.status >= 200 && o.status < 300;
const idOf = (o: Outcome): string => (JSON.parse(o.body ?? '{}') as { id: string }).id;

let n = 0;
// The faults project sets testTimeout: 300_000, but Jest reads testTimeout only from the global
// config, not from a project: without this the tests get Jest's default 5 s.
jest.setTimeout(300_000);

describe('SIGTERM to each API under load', () => {
  let fx: Fixture;
  const ports = { questionnaire: 0, agreements: 0, monitoring: 0, gateway: 0 };
  const procs: Partial<Record<keyof typeof ports, Proc>> = {};
  let reports: Queue | undefined;

  beforeAll(async () => {
    fx = new Fixture('st', (n += 1));
    await fx.open();
    for (const k of Object.keys(ports) as (keyof typeof ports)[]) ports[k] = await sparePort();
    // One at a time: each runs its migrations at start.
    for (const name of ['questionnaire', 'agreements', 'monitoring'] as const) {
      procs[name] = fx.start(`${name}-api`, `services/${name}/dist/main.js`, { PORT: String(ports[name]) });
      await waitReady(localUrl(ports[name]), 90_000, [procs[name]]);
    }
    const local = (p: number): string => `http://127.0.0.1:${p}`;
    procs.gateway = fx.start('gateway', 'services/gateway/dist/main.js', {
      PORT: String(ports.gateway),
      QUESTIONNAIRE_URL: local(ports.questionnaire),
      AGREEMENTS_URL: local(ports.agreements),
      MONITORING_URL: local(ports.monitoring),
      RATE_LIMIT_ENABLED: 'false',
    });
    await waitReady(localUrl(ports.gateway), 90_000, [procs.gateway]);
    reports = new Queue(`${fx.prefix}.reports`, { connection: redisOptions() });
  });

  afterAll(async () => {
    await reports?.close().catch(() => undefined);
    await fx?.close();
  });

  /** Start a screening, complete it, start the next: every call a write. */
  const screeningStep =
    (base: string) =>
    (i: number, _loop: number, prev: Outcome | undefined): Call => {
      if (prev && ok(prev) && prev.status === 201) return { method: 'POST', path: `${base}/${idOf(prev)}/complete`, body: {} };
      return { method: 'POST', path: base, body: { mode: 'self', language: i % 2 ? 'it' : 'en', territory: '058091' } };
    };

  async function checkScreenings(accepted: Outcome[]): Promise<void> {
    const started = accepted.filter((o) => o.status === 201).map(idOf);
    const completed = accepted.filter((o) => o.status === 200).map(idOf);
    const rows = await fx.query<{ id: string; status: string }>(`SELECT id, status FROM questionnaire.screening WHERE id = ANY($1::uuid[])`, [
      [...started, ...completed],
    ]);
    const status = new Map(rows.map((r) => [r.id, r.status]));
    const missing = started.filter((id) => !status.has(id));
    const notCompleted = completed.filter((id) => status.get(id) !== 'COMPLETED');
    const events = await fx.query<{ id: string }>(
      `SELECT payload->>'screeningId' AS id FROM questionnaire.outbox_event WHERE type = 'screening.completed' AND payload->>'screeningId' = ANY($1)`,
      [completed],
    );
    const withEvent = new Set(events.map((e) => e.id));
    const noEvent = completed.filter((id) => !withEvent.has(id));
    if (missing.length || notCompleted.length || noEvent.length) {
      throw new Error(
        `accepted screenings lost: ${missing.length} started not stored, ${notCompleted.length} completed not COMPLETED, ${noEvent.length} without their outbox event`,
      );
    }
    expect(started.length + completed.length).toBeGreaterThan(0);
  }

  it('gateway: proxied requests in flight finish 2xx, exit 0, nothing accepted lost', async () => {
    const gw = procs.gateway as Proc;
    const r = await sigtermUnderLoad(gw, ports.gateway, 12, screeningStep('/api/v1/screenings'));
    const { accepted } = await judge('gateway', r, fx);
    await checkScreenings(accepted);
  });

  it('questionnaire: requests in flight finish 2xx, exit 0, nothing accepted lost', async () => {
    const api = procs.questionnaire as Proc;
    const r = await sigtermUnderLoad(api, ports.questionnaire, 12, screeningStep('/api/v1/screenings'));
    const { accepted } = await judge('questionnaire', r, fx, async (cut) => {
      const ids = cut.map((o) => /screenings\/([0-9a-f-]{36})\/complete/.exec(o.call.path)?.[1]).filter((x): x is string => Boolean(x));
      if (!ids.length) return 'the cut calls were screening starts (effect not traceable)';
      const done = await fx.query(`SELECT id FROM questionnaire.screening WHERE id = ANY($1::uuid[]) AND status = 'COMPLETED'`, [ids]);
      return `${done.length} of the ${ids.length} cut "complete" calls were nevertheless committed (response lost)`;
    });
    await checkScreenings(accepted);
  });

  it('agreements: requests in flight finish 2xx, exit 0, nothing accepted lost', async () => {
    const api = procs.agreements as Proc;
    const central = await fx.token('central', { territories: ['IT'] });
    const r = await sigtermUnderLoad(api, ports.agreements, 12, (i) => ({
      method: 'POST',
      path: '/api/v1/agreements',
      token: central,
      body: frameworkBody(`FAULT-SIGTERM-${i}`),
    }));
    const { accepted } = await judge('agreements', r, fx, async (cut) => {
      const codes = cut.map((o) => (o.call.body as { code: string }).code);
      const found = await fx.query<{ code: string }>(`SELECT code FROM agreements.agreement WHERE code = ANY($1)`, [codes]);
      return `${found.length} of these ${codes.length} cut agreement creations were nevertheless committed (processed by the server, response lost), ${codes.length - found.length} never processed (reset before being read)`;
    });
    const ids = accepted.map(idOf);
    expect(ids.length).toBeGreaterThan(0);
    const rows = await fx.query<{ id: string }>(`SELECT id FROM agreements.agreement WHERE id = ANY($1::uuid[])`, [ids]);
    expect(rows.length).toBe(ids.length);
  });

  it('monitoring: requests in flight finish 2xx, exit 0, nothing accepted lost (report rows and their jobs)', async () => {
    const api = procs.monitoring as Proc;
    const central = await fx.token('central', { territories: ['IT'] });
    const semesters = ['2024S1', '2024S2', '2025S1', '2025S2', '2026S1', '2026S2'];
    const territories = [undefined, ...Array.from({ length: 20 }, (_, k) => String(k + 1).padStart(2, '0'))];
    const r = await sigtermUnderLoad(api, ports.monitoring, 12, (i) => {
      const territory = territories[i % territories.length];
      return {
        method: 'POST',
        path: '/api/v1/reports',
        token: central,
        body: { semester: semesters[Math.floor(i / territories.length) % semesters.length], ...(territory ? { territory } : {}) },
      };
    });
    const { accepted } = await judge('monitoring', r, fx);
    const views = accepted.map((o) => JSON.parse(o.body ?? '{}') as { id: string; semester: string; scope: { level: string; code: string }; version: number });
    expect(views.length).toBeGreaterThan(0);
    const rows = await fx.query<{ id: string }>(`SELECT id FROM monitoring.report WHERE id = ANY($1::uuid[])`, [views.map((v) => v.id)]);
    const stored = new Set(rows.map((x) => x.id));
    const lostRows = views.filter((v) => !stored.has(v.id));
    const lostJobs: string[] = [];
    for (const v of views) {
      const jobId = `report-${v.semester}-${v.scope.level}-${v.scope.code}-v${v.version}`;
      if (!(await reports?.getJob(jobId))) lostJobs.push(jobId);
    }
    if (lostRows.length || lostJobs.length)
      throw new Error(`accepted report requests lost: ${lostRows.length} without a row, jobs missing: ${JSON.stringify(lostJobs.slice(0, 10))}`);
  });
});

interface ReportRow {
  id: string;
  status: string;
  progress: number;
  completed_at: Date | null;
  files: number;
}

describe('SIGTERM to the monitoring worker during a report job', () => {
  let fx: Fixture;
  let queue: Queue | undefined;

  beforeEach(async () => {
    fx = new Fixture('sw', (n += 1));
    await fx.open();
  });

  afterEach(async () => {
    await queue?.close().catch(() => undefined);
    queue = undefined;
    await fx.close();
  });

  it('the active job finishes (or is returned and completes on the next worker), exactly once', async () => {
    await runSeed(fx, 30_000);
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
    expect(res.status).toBe(202);
    const requested = (await res.json()) as { id: string; version: number };
    const jobId = `report-2026S1-NATIONAL-IT-v${requested.version}`;
    const q = `SELECT r.id, r.status, r.progress, r.completed_at, (SELECT count(*)::int FROM monitoring.report_file f WHERE f.report_id = r.id) AS files FROM monitoring.report r`;

    const atSignal = await eventually(
      'the report to be RUNNING',
      async () => {
        const [r] = await fx.query<ReportRow>(`${q} WHERE r.id = $1`, [requested.id]);
        return r && r.status !== 'QUEUED' ? r : undefined;
      },
      { timeoutMs: 60_000, everyMs: 50, retryErrors: true },
    );
    const signalAt = Date.now();
    workerA.signal('SIGTERM');
    if (atSignal.status !== 'RUNNING') throw new Error(`the report was ${atSignal.status} before SIGTERM could be sent: seed more data (test inconclusive)`);
    const exit = await Promise.race([workerA.exited, sleep(GRACE_MS + 10_000).then(() => undefined)]);
    const exitAfterMs = Date.now() - signalAt;
    const [afterExit] = await fx.query<ReportRow>(`${q} WHERE r.id = $1`, [requested.id]);
    const jobAfterExit = await queue.getJob(jobId);
    const stateAfterExit = jobAfterExit ? await jobAfterExit.getState() : 'missing';

    // The next worker: finishes a returned job, and must not compile a finished one again.
    const workerB = fx.start('monitoring-worker-B', 'services/monitoring/dist/worker.js');
    await waitWorkerListening(queue, workerB, 0);
    const settled = await eventually(
      'the report to settle',
      async () => {
        const [r] = await fx.query<ReportRow>(`${q} WHERE r.id = $1`, [requested.id]);
        const state = await queue?.getJobState(jobId);
        return r.status === 'COMPLETED' || r.status === 'FAILED' || (state === 'completed' && r.status !== 'RUNNING') ? r : undefined;
      },
      { timeoutMs: 150_000, everyMs: 250, retryErrors: true },
    ).catch(() => undefined);
    await sleep(3000);
    const [final] = await fx.query<ReportRow>(`${q} WHERE r.id = $1`, [requested.id]);
    const job = await queue.getJob(jobId);
    const all = await fx.query<ReportRow>(`${q} WHERE r.semester = '2026S1' AND r.scope_code = 'IT'`);
    const summary = {
      progressAtSignal: atSignal.progress,
      exit,
      exitAfterMs,
      reportAfterExit: { status: afterExit.status, progress: afterExit.progress, files: afterExit.files },
      jobStateAfterExit: stateAfterExit,
      final: { status: final.status, files: final.files, completedAt: final.completed_at },
      jobAttemptsStarted: job?.attemptsStarted,
      jobAttemptsMade: job?.attemptsMade,
      jobState: job ? await job.getState() : 'missing',
      reports: all.length,
    };
    process.stdout.write(`sigterm monitoring-worker ${JSON.stringify(summary)}\n`);
    const problems: string[] = [];
    if (!exit) problems.push(`worker A had not exited ${exitAfterMs} ms after SIGTERM`);
    else if (exit.code !== 0) problems.push(`worker A exited ${JSON.stringify(exit)}, not 0`);
    else if (exitAfterMs > GRACE_MS) problems.push(`worker A exited after ${exitAfterMs} ms, beyond its ${GRACE_MS} ms grace period`);
    if (!settled || final.status !== 'COMPLETED' || final.files < 4) {
      problems.push(
        `the report did not complete with its files after the SIGTERM (status ${final.status}, progress ${final.progress}, ${final.files} files, job ${summary.jobState})`,
      );
    }
    if (afterExit.status === 'COMPLETED') {
      // Finished by worker A: worker B must leave it alone.
      if (String(final.completed_at) !== String(afterExit.completed_at)) problems.push('the report finished by worker A was compiled again by worker B');
      if ((job?.attemptsStarted ?? 0) > 1) problems.push(`the finished job was started ${job?.attemptsStarted} times`);
    } else if ((job?.attemptsStarted ?? 0) > 2) {
      problems.push(`the returned job was started ${job?.attemptsStarted} times`);
    }
    if (all.length !== 1) problems.push(`expected one report row for (2026S1, IT), found ${all.length}`);
    if (problems.length) throw new Error(`${problems.join('\n')}\n${JSON.stringify(summary)}\n${fx.logs()}`);
  });
});

/**
 * The scale scenario, run once per queue backend (scale-redis.spec.ts, scale-postgres.spec.ts).
 *
 * Migrations raced by two processes per service, then the production topology (topology.ts): three
 * gateways, two of each API and of each worker. Before the load: the anonymous rate limit counted
 * across the three gateways, and a resume code raced from the two questionnaire APIs. Then a bounded
 * mixed load through the gateways (operator screenings to completion, follow-ups, agreements taken
 * through their review, report requests raced between the two monitoring APIs) while one process
 * of each kind is killed with SIGKILL and started again, one after the other. Afterwards, from the
 * rows: every completed screening recorded once by monitoring, the rollups equal to a recount, one
 * report per requested scope, each scheduled job run at most once per period, and no 5xx but the
 * 503s of a restart.
 */
import { randomUUID } from 'node:crypto';
import { eventually, reviewSteps, territorialBody, programmeOverFetch, createQueueBackendFrom, type QueueBackend } from '@inps/shared';
import { call, followUpBody, Fixture, OPERATOR_ORG, sleep, type Answer } from '../../support/stack';
import { ANONYMOUS_PER_MINUTE, SERVICES, Topology, migrate, type Backend, type Kind } from './topology';

const ROMA = '058091';
const REGION_LAZIO = '12';
/** Regions whose reports are asked for during the load, each twice at once, once per monitoring API. */
const REPORT_REGIONS = ['12', '03', '15'];
const SCREENINGS_PER_CLIENT = 10;
const SCREENING_CLIENTS = 3;
const AGREEMENT_CHAINS = 4;
/**
 * What a client may get while a replica restarts: 503 (nothing could take the request: no replica
 * listening, or a service's database or queue not answering yet), 502 (the gateway's upstream was
 * killed in the middle of answering: services/gateway/src/rest/rest-proxy.ts) and no answer at all
 * (the gateway itself was killed mid-request). A client sends the same request again with its
 * Idempotency-Key.
 */
const RESTART_STATUSES = [503, 502, 0];
/** A restart's 503s are expected until this long after the replica is ready again (a proxy's retry, a client's pool). */
const RESTART_SLACK_MS = 3_000;
/** Connections the topology may hold at its peak (both backends), restarts included. */
const CONNECTION_BUDGET = 70;

interface Sample {
  readonly what: string;
  readonly at: number;
  readonly answer: Answer<unknown>;
  /** An earlier attempt of the same request got no answer or a restart's status: its effect may have committed. */
  readonly afterLostAnswer?: boolean;
}

let run = 0;

export async function scaleScenario(backend: Backend): Promise<void> {
  const fx = new Fixture(backend === 'redis' ? 'scr' : 'scp', (run += 1));
  const topo = new Topology(fx, backend);
  let queues: QueueBackend | undefined;
  const t0 = Date.now();
  const phases: string[] = [];
  const phase = (name: string): void => void phases.push(`${name} ${((Date.now() - t0) / 1000).toFixed(0)} s`);
  try {
    await fx.open();
    await topo.listen();
    const problems: string[] = [];

    // 1. Migrations started by two processes at once, per service: both succeed, each migration applied once.
    const migrations = SERVICES.flatMap((s) => [migrate(fx, s, 0, topo.env()), migrate(fx, s, 1, topo.env())]);
    const exits = await Promise.all(migrations.map((p) => p.exited));
    exits.forEach((e, i) => e.code !== 0 && problems.push(`${migrations[i]?.name} exited ${JSON.stringify(e)}\n${migrations[i]?.tail()}`));
    for (const s of SERVICES) {
      const rows = await fx.query<{ name: string; n: number }>(`SELECT name, count(*)::int AS n FROM ${s}.migrations GROUP BY name`);
      if (rows.length === 0) problems.push(`${s}: no migration recorded`);
      for (const r of rows.filter((r) => r.n !== 1)) problems.push(`${s}: migration ${r.name} recorded ${r.n} times`);
    }
    expect(problems).toEqual([]);

    phase('migrations raced');
    // 2. The topology; the two replicas of each API start at the same time (each also migrates at start).
    for (const s of SERVICES) await topo.startApis(s, 2);
    for (const s of SERVICES) topo.startWorkers(s, 2);
    await topo.startApis('gateway', 3);
    queues = createQueueBackendFrom({ redisUrl: topo.env().REDIS_URL, databaseUrl: fx.databaseUrl, prefix: fx.prefix });
    await queues.ready(10_000);

    phase('topology up');
    // 3. The anonymous limit, asked of the three gateways in turn.
    const anonymous: number[] = [];
    const gateways = topo.urls('gateway');
    const asked = backend === 'redis' ? ANONYMOUS_PER_MINUTE + 15 : 3 * ANONYMOUS_PER_MINUTE + 15;
    for (let i = 0; i < asked; i++) {
      anonymous.push((await call(gateways[i % gateways.length] as string, 'GET', `/api/v1/where-to-go?comune=${ROMA}`)).status);
    }
    const passed = anonymous.filter((s) => s !== 429).length;
    // Redis: one limit for the three gateways. PostgreSQL only: no shared store, each gateway keeps its own
    // (docs/deployment.md), so three gateways let through three times the limit, and no more.
    expect({ passed, others: anonymous.filter((s) => s !== 200 && s !== 429) }).toEqual({
      passed: backend === 'redis' ? ANONYMOUS_PER_MINUTE : 3 * ANONYMOUS_PER_MINUTE,
      others: [],
    });

    const operator = await fx.token('operator', { org: OPERATOR_ORG });
    const central = await fx.token('central', { territories: ['IT'] });
    const territorial = await fx.token('territorial', { territories: [REGION_LAZIO] });
    const samples: Sample[] = [];
    const record = (what: string, answer: Answer<unknown>, afterLostAnswer = false): void =>
      void samples.push({ what, at: Date.now(), answer, afterLostAnswer });

    /**
     * A write as a client does it across a restart: 503 and no answer are retried with the same
     * Idempotency-Key (the service answers a repeat with the first answer); `until` adds statuses
     * worth waiting out (a follow-up before its screening reached monitoring).
     */
    const post = async <T>(base: string, path: string, token: string, body: unknown, what: string, until: number[] = []): Promise<Answer<T>> => {
      const key = randomUUID();
      let last: Answer<T> | undefined;
      let lost = false;
      for (let attempt = 0; attempt < 60; attempt++) {
        last = await call<T>(base, 'POST', path, { token, body, headers: { 'idempotency-key': key } });
        record(what, last, lost);
        lost ||= RESTART_STATUSES.includes(last.status);
        const inProgress = (last.body as { error?: { code?: string } }).error?.code === 'IDEMPOTENCY_IN_PROGRESS';
        if (!RESTART_STATUSES.includes(last.status) && !inProgress && !until.includes(last.status)) return last;
        await sleep(500);
      }
      return last as Answer<T>;
    };

    // 4. A resume code raced from the two questionnaire APIs.
    const [qa, qb] = topo.urls('questionnaire') as [string, string];
    const raced = await post<{ id: string; resumeCode: string }>(
      topo.gateway,
      '/api/v1/screenings',
      operator,
      { mode: 'operator', language: 'it', territory: ROMA, channel: 'desk' },
      'race start',
    );
    expect(raced.status).toBe(201);
    const resumed = await Promise.all(
      [qa, qb].map((q) => call<{ id: string }>(q, 'GET', `/api/v1/screenings/by-code/${raced.body.resumeCode}`, { token: operator })),
    );
    expect(resumed.map((r) => [r.status, r.body.id])).toEqual([
      [200, raced.body.id],
      [200, raced.body.id],
    ]);
    const completions = await Promise.all([qa, qb].map((q) => call(q, 'POST', `/api/v1/screenings/${raced.body.id}/complete`, { token: operator, body: {} })));
    const statuses = completions.map((c) => c.status).sort();
    // One completes it; the other finds it completed: the same answer again, or a conflict, never a 5xx.
    expect(statuses[0]).toBe(200);
    expect([200, 409]).toContain(statuses[1]);
    const raceEvents = await fx.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM questionnaire.outbox_event WHERE type = 'screening.completed' AND aggregate_id = $1`,
      [raced.body.id],
    );
    expect(raceEvents[0]?.n).toBe(1);

    // 5. The load, while one process of each kind is killed and started again.
    const framework = await programmeOverFetch(topo.urls('agreements')[0] as string, { central }).signedFramework({
      code: `SCALE-${backend.toUpperCase()}-QUADRO`,
      signedOn: '2026-01-15',
    });
    let stop = false;
    let connections = 0;
    let serverConnections = 0;
    /** Who held the connections at the peak: application name (a pool's, a BullMQ listener's queue) and count. */
    let atPeak = '';
    const sampler = setInterval(() => {
      fx.query<{ name: string; own: number; all: number }>(
        `SELECT coalesce(nullif(application_name, ''), '(unnamed)') AS name, count(*) FILTER (WHERE datname = current_database())::int AS own, count(*)::int AS "all"
           FROM pg_stat_activity WHERE backend_type = 'client backend' GROUP BY 1 ORDER BY 2 DESC`,
      ).then(
        (rows) => {
          const own = rows.reduce((n, r) => n + r.own, 0);
          if (own > connections)
            atPeak = rows
              .filter((r) => r.own > 0)
              .map((r) => `${r.name} ${r.own}`)
              .join(', ');
          connections = Math.max(connections, own);
          serverConnections = Math.max(
            serverConnections,
            rows.reduce((n, r) => n + r.all, 0),
          );
        },
        () => undefined,
      );
    }, 1_000);
    const completed = new Set<string>([raced.body.id]);
    const followed: string[] = [];
    const reportIds = new Map<string, Set<string>>();

    const screeningClient = async (c: number): Promise<void> => {
      for (let i = 0; i < SCREENINGS_PER_CLIENT; i++) {
        const started = await post<{ id: string; nextQuestion: { id: string } | null }>(
          topo.gateway,
          '/api/v1/screenings',
          operator,
          { mode: 'operator', language: 'it', territory: ROMA, channel: c % 2 === 0 ? 'desk' : 'gazebo' },
          'screening start',
        );
        if (started.status !== 201) continue;
        const id = started.body.id;
        if (started.body.nextQuestion) {
          await post(
            topo.gateway,
            `/api/v1/screenings/${id}/answers`,
            operator,
            { questionId: started.body.nextQuestion.id, value: 30 + i },
            'screening answer',
          );
        }
        const done = await post(topo.gateway, `/api/v1/screenings/${id}/complete`, operator, {}, 'screening complete');
        if (done.status === 200) completed.add(id);
        if (i % 3 === 0) {
          const f = await post(topo.gateway, '/api/v1/follow-ups', operator, followUpBody(id), 'follow-up', [404, 409]);
          if (f.status === 201) followed.push(id);
        }
      }
    };
    const agreementClient = async (n: number): Promise<void> => {
      const draft = await post<{ id: string; version: number }>(
        topo.gateway,
        '/api/v1/agreements',
        territorial,
        territorialBody(framework.id, `SCALE-${backend.toUpperCase()}-${n}`, { itChanges: false, dataExchange: false, costs: false }),
        'agreement create',
      );
      if (draft.status !== 201) return;
      let version = draft.body.version;
      for (const { action, by, extra } of reviewSteps({ parties: 2, signedOn: '2026-02-01', comment: 'ok' })) {
        const r = await post<{ version: number }>(
          topo.gateway,
          `/api/v1/agreements/${draft.body.id}/transitions`,
          by === 'central' ? central : territorial,
          { action, version, ...extra },
          `agreement ${action}`,
        );
        if (r.status === 409 && (r.body as { error?: { code?: string } }).error?.code === 'STALE_VERSION') {
          // As the guide says: reload and go on. If the lost attempt had not taken effect, the next step is refused.
          const current = await call<{ version: number }>(topo.gateway, 'GET', `/api/v1/agreements/${draft.body.id}`, { token: central });
          record(`agreement reload after ${action}`, current);
          if (current.status !== 200) return;
          version = current.body.version;
          continue;
        }
        if (r.status !== 200 && r.status !== 201) return;
        version = r.body.version;
      }
    };
    const reportClient = async (): Promise<void> => {
      const apis = topo.urls('monitoring');
      for (const region of REPORT_REGIONS) {
        // The same report asked of both monitoring APIs at once: one report, whichever answers first.
        const answers = await Promise.all(
          apis.map((m) => post<{ id: string }>(m, '/api/v1/reports', central, { semester: '2026S1', territory: region }, 'report')),
        );
        for (const a of answers) if (a.status === 202 || a.status === 200) reportIds.set(region, (reportIds.get(region) ?? new Set()).add(a.body.id));
        await sleep(1_000);
      }
    };
    const chaos = async (): Promise<void> => {
      const order: Kind[] = ['gateway', 'questionnaire', 'monitoring-worker', 'agreements', 'questionnaire-worker', 'monitoring', 'agreements-worker'];
      for (const kind of order) {
        await sleep(1_500);
        // A worker has no readiness to wait for: it is counted restarted once it has run for a moment.
        await topo.killAndRestart(kind, 0, () => sleep(2_000));
      }
      stop = true;
    };
    const load = Promise.all([
      ...Array.from({ length: SCREENING_CLIENTS }, (_, c) => screeningClient(c)),
      ...Array.from({ length: AGREEMENT_CHAINS }, (_, n) => agreementClient(n)),
      reportClient(),
    ]);
    await Promise.all([load, chaos()]).finally(() => clearInterval(sampler));
    expect(stop).toBe(true);
    phase('load and restarts');

    // 6. Afterwards, from the rows.
    const inWindow = (at: number): boolean => topo.restarts.some((r) => at >= r.from && at <= r.to + RESTART_SLACK_MS);
    const bad = samples.filter((s) => (s.answer.status >= 500 || s.answer.status === 0) && !(RESTART_STATUSES.includes(s.answer.status) && inWindow(s.at)));
    expect(bad.map((s) => `${s.what}: ${s.answer.status} ${s.answer.failure ?? JSON.stringify(s.answer.body).slice(0, 300)}`)).toEqual([]);
    // A process killed after its transaction committed but before it remembered the answer for the
    // Idempotency-Key (two statements, a window of milliseconds) leaves the retry to run again: a
    // version-guarded transition then answers STALE_VERSION, as the API guide tells clients (reload).
    // Known gap, left open: only such a retry may see it.
    const staleAfterLostAnswer = (s: Sample): boolean =>
      s.afterLostAnswer === true && s.answer.status === 409 && (s.answer.body as { error?: { code?: string } }).error?.code === 'STALE_VERSION';
    const waitedOut = (s: Sample): boolean =>
      (s.what === 'follow-up' && [404, 409].includes(s.answer.status)) ||
      staleAfterLostAnswer(s) ||
      (s.answer.body as { error?: { code?: string } }).error?.code === 'IDEMPOTENCY_IN_PROGRESS';
    const refused = samples.filter((s) => s.answer.status >= 400 && s.answer.status < 500 && !waitedOut(s));
    expect(refused.map((s) => `${s.what}: ${s.answer.status} ${JSON.stringify(s.answer.body).slice(0, 300)}`)).toEqual([]);
    expect(completed.size).toBeGreaterThanOrEqual(SCREENING_CLIENTS * SCREENINGS_PER_CLIENT * 0.8);

    const completedRows = await eventually(
      'monitoring to have recorded every completed screening',
      async () => {
        const q = await fx.query<{ id: string }>(`SELECT id FROM questionnaire.screening WHERE status = 'COMPLETED'`);
        const m = await fx.query<{ n: number }>(`SELECT count(*)::int AS n FROM monitoring.screening_outcome`);
        return m[0]?.n === q.length ? q.map((r) => r.id) : undefined;
      },
      { timeoutMs: 120_000, everyMs: 1_000 },
    );
    const recorded = new Set((await fx.query<{ id: string }>(`SELECT screening_id AS id FROM monitoring.screening_outcome`)).map((r) => r.id));
    expect([...completed].filter((id) => !recorded.has(id))).toEqual([]);
    expect(completedRows.filter((id) => !recorded.has(id))).toEqual([]);
    const events = await fx.query<{ n: number }>(`SELECT count(*)::int AS n FROM questionnaire.outbox_event WHERE type = 'screening.completed'`);
    expect(events[0]?.n).toBe(completedRows.length);

    // Rollups equal to a recount from the outcome rows, at every level.
    const drift = await fx.query(`
      WITH scoped AS (
        SELECT semester, 'country' AS level, 'IT' AS code, channel, likely_count, stopped_for FROM monitoring.screening_outcome
        UNION ALL SELECT semester, 'region', region_code, channel, likely_count, stopped_for FROM monitoring.screening_outcome WHERE region_code IS NOT NULL
        UNION ALL SELECT semester, 'province', province_code, channel, likely_count, stopped_for FROM monitoring.screening_outcome WHERE province_code IS NOT NULL
        UNION ALL SELECT semester, 'comune', comune_code, channel, likely_count, stopped_for FROM monitoring.screening_outcome WHERE comune_code IS NOT NULL),
      recount AS (
        SELECT semester, level, code, channel, count(*)::int AS screenings, count(*) FILTER (WHERE likely_count > 0)::int AS with_likely,
          count(*) FILTER (WHERE 'ISEE' = ANY(stopped_for))::int AS stopped_isee FROM scoped GROUP BY 1, 2, 3, 4)
      SELECT coalesce(r.level, c.level) AS level, coalesce(r.territory_code, c.code) AS code, r.screenings AS rollup, c.screenings AS recount,
        r.with_likely, c.with_likely AS recount_likely, r.stopped_isee, c.stopped_isee AS recount_isee
      FROM monitoring.screening_rollup r FULL JOIN recount c
        ON r.semester = c.semester AND r.level = c.level AND r.territory_code = c.code AND r.channel = c.channel
      WHERE r.screenings IS DISTINCT FROM c.screenings OR r.with_likely IS DISTINCT FROM c.with_likely OR r.stopped_isee IS DISTINCT FROM c.stopped_isee`);
    expect(drift).toEqual([]);
    const benefitDrift = await fx.query(`
      WITH v AS (SELECT o.semester, o.region_code, x->>'benefitId' AS benefit, x->>'status' AS status
                 FROM monitoring.screening_outcome o, jsonb_array_elements(o.verdicts) x),
      recount AS (SELECT semester, 'country' AS level, 'IT' AS code, benefit, count(*)::int AS n, count(*) FILTER (WHERE status = 'LIKELY_ELIGIBLE')::int AS likely FROM v GROUP BY 1, 4
                  UNION ALL SELECT semester, 'region', region_code, benefit, count(*)::int, count(*) FILTER (WHERE status = 'LIKELY_ELIGIBLE')::int FROM v WHERE region_code IS NOT NULL GROUP BY 1, 3, 4)
      SELECT * FROM (SELECT * FROM monitoring.benefit_rollup WHERE level IN ('country', 'region')) r FULL JOIN recount c
        ON r.semester = c.semester AND r.level = c.level AND r.territory_code = c.code AND r.benefit_id = c.benefit
      WHERE r.assessments IS DISTINCT FROM c.n OR r.likely IS DISTINCT FROM c.likely`);
    expect(benefitDrift).toEqual([]);

    // Follow-ups: one row per accepted request.
    const followUps = await fx.query<{ screening_id: string; n: number }>(`SELECT screening_id, count(*)::int AS n FROM monitoring.follow_up GROUP BY 1`);
    expect(followUps.filter((r) => r.n !== 1)).toEqual([]);
    expect(new Set(followUps.map((r) => r.screening_id))).toEqual(new Set(followed));

    // One report per requested scope, completed, whichever API was asked.
    expect([...reportIds.entries()].map(([region, ids]) => [region, ids.size])).toEqual(REPORT_REGIONS.map((r) => [r, 1]));
    const reports = await eventually(
      'the reports to be compiled',
      async () => {
        const rows = await fx.query<{ scope_code: string; status: string; files: number }>(
          `SELECT r.scope_code, r.status, (SELECT count(*)::int FROM monitoring.report_file f WHERE f.report_id = r.id) AS files
           FROM monitoring.report r WHERE r.requested_by <> 'scheduler' ORDER BY 1`,
        );
        return rows.every((r) => r.status === 'COMPLETED' || r.status === 'FAILED') ? rows : undefined;
      },
      { timeoutMs: 120_000, everyMs: 1_000 },
    );
    expect(reports.map((r) => [r.scope_code, r.status, r.files > 0])).toEqual([...REPORT_REGIONS].sort().map((r) => [r, 'COMPLETED', true]));

    const schedulerRuns: string[] = [];
    // Each scheduled job at most once per period, though two workers (and their restarts) registered it.
    // A cron schedule lands on the same instant whoever registers it, so a second registration is the
    // same job. An `every` schedule on BullMQ's PostgreSQL backend may be put out of phase by a
    // registration (a worker starting): one extra run, at most once per start of a worker that
    // registers it, which the repair job it drives (idempotent) tolerates; on Redis it is exact.
    const workerStarts =
      topo.replicas.filter((r) => r.kind === 'monitoring-worker').length + topo.restarts.filter((r) => r.kind === 'monitoring-worker').length;
    for (const [queue, scheduler, periodMs, extraAllowed] of [
      ['agreements.scheduler', 'agreements-daily', 4_000, 0],
      ['reports', 'requeue-waiting-reports', 3_000, backend === 'postgres' ? workerStarts : 0],
    ] as const) {
      const q = queues.createQueue(queue);
      try {
        const jobs = await q.getJobs(['completed', 'failed', 'active', 'waiting', 'delayed', 'prioritized']);
        const runs = jobs.filter((j) => j.id?.startsWith(`repeat:${scheduler}:`) && (j.finishedOn !== undefined || j.processedOn !== undefined));
        const periods = runs.map((j) => Math.floor(Number(j.id?.split(':').pop()) / periodMs));
        schedulerRuns.push(`${runs.length} runs of ${scheduler} in ${new Set(periods).size} periods`);
        const twice = runs
          .filter((_, i) => periods.filter((p) => p === periods[i]).length > 1)
          .map((j) => `${j.id} (run ${new Date(j.processedOn ?? 0).toISOString()})`);
        expect({
          queue,
          runsSeen: runs.length > 3,
          extraWithinBound: runs.length - new Set(periods).size <= extraAllowed,
          twice: extraAllowed === 0 ? twice : [],
        }).toEqual({
          queue,
          runsSeen: true,
          extraWithinBound: true,
          twice: [],
        });
      } finally {
        await q.close();
      }
    }
    expect(
      topo
        .procs()
        .filter((p) => !p.alive)
        .map((p) => p.tail()),
    ).toEqual([]);
    phase('checked');
    // The topology's own connections, with the pools sized in topology.ts, leave room on a server of
    // 100 for whatever else is connected: a failure here is a pool that grew or a connection leaked.
    if (connections > CONNECTION_BUDGET) console.log(`${connections} PostgreSQL connections at the peak: ${atPeak}`);
    expect(connections).toBeLessThanOrEqual(CONNECTION_BUDGET);
    const restarted = (s: Sample): boolean => RESTART_STATUSES.includes(s.answer.status);
    console.log(
      `scale (${backend}): ${completed.size} screenings completed, ${followed.length} follow-ups, ${samples.length} calls, ` +
        `${samples.filter(restarted).length} answered 502, 503 or not at all during ${topo.restarts.length} restarts, ` +
        `${schedulerRuns.join(', ')}, at most ${connections} PostgreSQL connections (${serverConnections} on the whole server; at the peak ${atPeak}); ${phases.join(', ')}`,
    );
  } catch (error) {
    console.log(fx.logs().slice(-30_000));
    throw error;
  } finally {
    await queues?.close().catch(() => undefined);
    await topo.close();
    await fx.close();
  }
}

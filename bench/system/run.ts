/**
 * Whole-system benchmark (after `npm run build`):
 *
 *   node -r ts-node/register/transpile-only bench/system/run.ts [--seconds 10] [--scales 50000,200000] [--events 5000]
 *     [--parts screenings,federated,scale]
 *
 * `--parts` runs some of parts 1–3 only (all by default), e.g. `--parts federated` for the federated
 * queries alone (a minute or two instead of several); the sections of the parts left out stay empty.
 *
 * Starts the built services as processes (questionnaire, agreements, monitoring: main.js and worker.js
 * each; the gateway with RATE_LIMIT_ENABLED=false and NODE_ENV=development) on a throwaway database
 * of the local PostgreSQL and a QUEUE_PREFIX of its own on the local Redis, plus a bare Node http
 * server as the floor, all on 127.0.0.1 ports 4310-4316. Then:
 *  1. full screenings (start + answers until COMPLETED) through the gateway, straight to the
 *     questionnaire, and against the floor, at 50 and 200 concurrent screenings;
 *  2. a federated query touching the three subgraphs through the gateway, and the same data fetched
 *     by the client from each service (three calls in parallel, and in sequence);
 *  3. (services stopped) report compilation and event ingest at two data sizes
 *     (bench/system/monitoring-scale.ts, its own process);
 *  4. VmRSS of every process idle and at its peak during each part.
 * Stops everything it started, drops the databases, deletes its Redis keys, writes `--out` (default
 * bench/RESULTS-system.md); `npm run bench` (bench/run.ts) puts it into bench/RESULTS.md.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import Redis from 'ioredis';
import { createTestDatabase, findRepoRoot, readTestEnvironment, type TestDatabase } from '@inps/shared';
import { closedLoop, Http, type LoadRun, type Recorder } from './driver';
import { cpuSeconds, Processes, rssKiB, settle, waitReady } from './procs';
import { persona, rnd, screening, type ScreeningTarget } from './screening';
import type { ScaleResult } from './monitoring-scale';

const root = findRepoRoot(__dirname);
function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? (process.argv[i + 1] ?? fallback) : fallback;
}
const SECONDS = Number(arg('seconds', process.env.BENCH_SECONDS ?? '10'));
const FED_SECONDS = Math.max(4, SECONDS - 2);
const SCALES = arg('scales', '100000,1000000');
const EVENTS = Number(arg('events', '5000'));
const PARTS = new Set(arg('parts', 'screenings,federated,scale').split(','));
const CONCURRENCY = [50, 200];
/** 1: the latency a lone client sees (little queueing); 20: under load, where CPU decides. */
const FED_CONCURRENCY = [1, 20];
const PORTS = { gateway: 4310, questionnaire: 4311, agreements: 4312, monitoring: 4313, floor: 4314 };
const HOST = '127.0.0.1';

const started = Date.now();
const log = (s: string): void => void process.stdout.write(`[${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s] ${s}\n`);
const load = (): string =>
  os
    .loadavg()
    .map((n) => n.toFixed(2))
    .join(' ');

interface ScreeningRow {
  target: string;
  concurrency: number;
  screenings: number;
  seconds: number;
  perSecond: number;
  answersPerScreening: number;
  answerP50: number;
  answerP99: number;
  startP50: number;
  answers: number;
  boundRetries: number;
  endedEarly: number;
  errors: number;
  errorSamples: string[];
  /** CPU seconds per process during the row. */
  cpu: Map<string, number>;
}

interface FedRow {
  concurrency: number;
  operation: string;
  target: string;
  requests: number;
  perSecond: number;
  p50: number;
  p99: number;
  errors: number;
  errorSamples: string[];
  cpu: Map<string, number>;
  seconds: number;
}

type Rss = Map<string, number>;

function screeningRow(target: string, concurrency: number, run: LoadRun, cpu: Map<string, number>): ScreeningRow {
  const rec = run.recorder;
  const answers = rec.latencies('answer');
  return {
    target,
    concurrency,
    screenings: run.iterations,
    seconds: run.seconds,
    perSecond: run.perSecond,
    answersPerScreening: (rec.counters.get('answers') ?? 0) / Math.max(1, run.iterations),
    answerP50: answers.p50,
    answerP99: answers.p99,
    startP50: rec.latencies('start').p50,
    answers: answers.n,
    boundRetries: rec.counters.get('bound retries') ?? 0,
    endedEarly: rec.counters.get('ended with /complete') ?? 0,
    errors: rec.errors,
    errorSamples: rec.errorSamples,
    cpu,
  };
}

/**
 * CPU seconds used during `work` by each of our processes, by the bench process itself (the load
 * driver) and by the PostgreSQL backends serving our database (the connection pools keep them).
 */
async function measureCpu<T>(procs: Processes, pgPids: () => Promise<number[]>, work: () => Promise<T>): Promise<[T, Map<string, number>]> {
  // Per backend: one that appears during the row counts from zero; one that ends during it is lost (pools keep theirs).
  const pgBefore = new Map((await pgPids()).map((pid) => [pid, cpuSeconds(pid) ?? 0]));
  const before = procs.cpuSnapshot();
  const selfBefore = process.cpuUsage();
  const result = await work();
  const self = process.cpuUsage(selfBefore);
  const after = procs.cpuSnapshot();
  const cpu = new Map<string, number>();
  for (const [name, s] of after) cpu.set(name, s - (before.get(name) ?? s));
  let pg = 0;
  for (const pid of await pgPids()) {
    const now = cpuSeconds(pid);
    if (now !== undefined) pg += Math.max(0, now - (pgBefore.get(pid) ?? 0));
  }
  cpu.set('PostgreSQL (our backends)', pg);
  cpu.set('load driver (bench process)', (self.user + self.system) / 1e6);
  return [result, cpu];
}

async function deleteRedisKeys(prefix: string): Promise<number> {
  const redis = new Redis(readTestEnvironment().redisUrl, { lazyConnect: true, maxRetriesPerRequest: 2 });
  await redis.connect();
  let deleted = 0;
  try {
    // BullMQ on Redis: `bull:<QUEUE_PREFIX>.<queue>:…` (the prefix is part of the queue name).
    for (const pattern of [`bull:${prefix}.*`, `${prefix}*`]) {
      let cursor = '0';
      do {
        const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
        cursor = next;
        if (keys.length > 0) deleted += await redis.del(...keys);
      } while (cursor !== '0');
    }
  } finally {
    redis.disconnect();
  }
  return deleted;
}

async function main(): Promise<void> {
  const loadBefore = load();
  const pgVersion = execFileSync('psql', ['-h', '127.0.0.1', '-U', 'postgres', '-Atc', 'show server_version'], { encoding: 'utf8' }).trim();
  const prefix = `sysbench${process.pid}`;
  const procs = new Processes();
  const dataDir = mkdtempSync(join(os.tmpdir(), 'system-bench-'));
  let db: TestDatabase | undefined;
  let redisInfo = '?';
  const screeningRows: ScreeningRow[] = [];
  const fedRows: FedRow[] = [];
  const rss: { idle?: Rss; screening?: Rss; federated?: Rss; monitoring?: number; monitoringProc?: number } = {};
  let fedNote = '';
  let scaleResults: ScaleResult[] = [];
  let redisDeleted = 0;
  try {
    const redisServer = new Redis(readTestEnvironment().redisUrl, { lazyConnect: true });
    await redisServer.connect();
    redisInfo = /redis_version:(\S+)/.exec(await redisServer.info('server'))?.[1] ?? '?';
    redisServer.disconnect();

    db = await createTestDatabase('sysbench');
    const dbName = db.name;
    const pgPids = async (): Promise<number[]> => {
      const out = execFileSync('psql', ['-h', '127.0.0.1', '-U', 'postgres', '-Atc', `SELECT pid FROM pg_stat_activity WHERE datname = '${dbName}'`], {
        encoding: 'utf8',
      });
      return out
        .split('\n')
        .filter((l) => l.trim() !== '')
        .map(Number);
    };
    const common = { DATABASE_URL: db.url, DATA_DIR: dataDir, HOST, REDIS_URL: readTestEnvironment().redisUrl, QUEUE_PREFIX: prefix, NODE_ENV: 'development' };
    // One at a time: their migrations share the database.
    const profQ = process.env.SYSBENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.SYSBENCH_CPU_PROF}`] : [];
    for (const name of ['questionnaire', 'agreements', 'monitoring'] as const) {
      const p = procs.start(name, [join(root, `services/${name}/dist/main.js`)], { ...common, SERVICE_NAME: name, PORT: String(PORTS[name]) }, profQ);
      await waitReady(PORTS[name], '/health/ready', p);
      log(`${name} ready`);
    }
    for (const name of ['questionnaire', 'agreements', 'monitoring'] as const)
      procs.start(`${name}-worker`, [join(root, `services/${name}/dist/worker.js`)], { ...common, SERVICE_NAME: name });
    // SYSBENCH_CPU_PROF=<dir>: the gateway and the three services write V8 CPU profiles there when stopped (a diagnostic run).
    const prof = process.env.SYSBENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.SYSBENCH_CPU_PROF}`] : [];
    const gw = procs.start(
      'gateway',
      [join(root, 'services/gateway/dist/main.js')],
      {
        ...common,
        SERVICE_NAME: 'gateway',
        PORT: String(PORTS.gateway),
        QUESTIONNAIRE_URL: `http://${HOST}:${PORTS.questionnaire}`,
        AGREEMENTS_URL: `http://${HOST}:${PORTS.agreements}`,
        MONITORING_URL: `http://${HOST}:${PORTS.monitoring}`,
        RATE_LIMIT_ENABLED: 'false',
      },
      prof,
    );
    const floor = procs.start('floor (bare http)', ['-r', 'ts-node/register/transpile-only', join(__dirname, 'floor-server.ts')], {
      PORT: String(PORTS.floor),
      TS_NODE_PROJECT: join(root, 'tsconfig.json'),
    });
    await waitReady(PORTS.gateway, '/health/ready', gw);
    await waitReady(PORTS.floor, '/health', floor);
    log('gateway, workers and floor started');
    const token = execFileSync(process.execPath, [join(root, 'libs/shared/dist/auth/dev-token.cli.js'), 'central'], {
      env: { ...process.env, DATA_DIR: dataDir },
      encoding: 'utf8',
    })
      .trim()
      .split('\n')
      .pop() as string;
    const auth = { authorization: `Bearer ${token}` };

    // Idle memory: after start-up, a few seconds without traffic.
    await settle(5000);
    rss.idle = procs.sampleOnce();
    procs.startSampling(250);

    // 1. Screenings.
    const r = rnd(42);
    if (PARTS.has('screenings')) {
      const targets = (k: number): [string, ScreeningTarget][] => [
        ['questionnaire (direct)', { port: PORTS.questionnaire, startPath: '/api/v1/screenings' }],
        ['gateway → questionnaire', { port: PORTS.gateway, startPath: '/api/v1/screenings' }],
        [`floor: bare Node http (${k} answers)`, { port: PORTS.floor, startPath: `/api/v1/screenings?k=${k}` }],
      ];
      {
        // Both real paths must complete a screening before timing starts.
        const check = new Http(2);
        for (const [name, t] of targets(3).slice(0, 2)) {
          const probe = await closedLoop({ concurrency: 1, durationMs: 1, scenario: (_h, rec) => screening(check, rec, t, persona(r)) });
          if (probe.iterations !== 1 || probe.recorder.errors > 0)
            throw new Error(`${name}: a screening does not complete: ${probe.recorder.errorSamples.join('; ')}`);
        }
        check.close();
      }
      log('warm-up: screenings');
      let k = 12;
      for (const [, t] of targets(k)) await closedLoop({ concurrency: 20, durationMs: 3000, scenario: (h, rec) => screening(h, rec, t, persona(r)) });
      procs.resetPeaks();
      for (const c of CONCURRENCY) {
        for (let i = 0; i < 3; i++) {
          // Built per row: the floor's k comes from the questionnaire row just before it.
          const [name, t] = targets(k)[i] as [string, ScreeningTarget];
          const [run, cpu] = await measureCpu(procs, pgPids, () =>
            closedLoop({ concurrency: c, durationMs: SECONDS * 1000, scenario: (h, rec) => screening(h, rec, t, persona(r)) }),
          );
          const row = screeningRow(name, c, run, cpu);
          screeningRows.push(row);
          // The floor asks as many questions as the real service did at this concurrency.
          if (name.startsWith('questionnaire')) k = Math.max(1, Math.round(row.answersPerScreening));
          log(
            `screenings ${name} c=${c}: ${row.perSecond.toFixed(1)}/s, answer p50 ${row.answerP50.toFixed(1)} ms p99 ${row.answerP99.toFixed(1)} ms, ${row.answersPerScreening.toFixed(1)} answers, errors ${row.errors} ${row.errorSamples.slice(0, 2).join(' | ')}`,
          );
        }
        k = 12;
      }
      rss.screening = procs.peakSnapshot();
    }

    // 2. Federated query vs the client calling each service.
    if (PARTS.has('federated')) {
      const FAN_OUT = {
        gateway:
          '{ organisations { id name kind } ruleSets { id } indicators(semester: "2026S1") { semester scopeLevel indicators { id value { value suppressed } } } }',
        agreements: '{ organisations { id name kind } }',
        questionnaire: '{ ruleSets { id } }',
        monitoring: '{ indicators(semester: "2026S1") { semester scopeLevel indicators { id value { value suppressed } } } }',
      };
      const ENTITY = '{ organisations { id name kind returns { semester status } } ruleSets { id } }';
      const gql = async (h: Http, rec: Recorder, port: number, query: string): Promise<Record<string, unknown>> => {
        const res = await h.request(port, 'POST', '/graphql', { query }, auth);
        const body = res.body as { data?: Record<string, unknown>; errors?: unknown };
        if (res.status !== 200 || body.errors || !body.data) {
          rec.error(`${port} ${res.status} ${JSON.stringify(res.body).slice(0, 200)}`);
          return {};
        }
        return body.data;
      };
      const rest = async (h: Http, rec: Recorder, port: number, path: string): Promise<unknown> => {
        const res = await h.request(port, 'GET', path, undefined, auth);
        if (res.status !== 200) rec.error(`${port}${path} ${res.status}`);
        return res.body;
      };
      const parts = (h: Http, rec: Recorder) =>
        [
          () => gql(h, rec, PORTS.agreements, FAN_OUT.agreements),
          () => gql(h, rec, PORTS.questionnaire, FAN_OUT.questionnaire),
          () => gql(h, rec, PORTS.monitoring, FAN_OUT.monitoring),
        ] as const;
      const fedScenarios: [string, string, (h: Http, rec: Recorder) => Promise<unknown>][] = [
        ['fan-out (3 root fields)', 'gateway (one request)', (h, rec) => gql(h, rec, PORTS.gateway, FAN_OUT.gateway)],
        ['fan-out (3 root fields)', 'client: 3 calls in parallel', (h, rec) => Promise.all(parts(h, rec).map((f) => f()))],
        [
          'fan-out (3 root fields)',
          'client: 3 calls in sequence',
          async (h, rec) => {
            for (const f of parts(h, rec)) await f();
          },
        ],
        ['entity join (organisations.returns) + ruleSets', 'gateway (one request)', (h, rec) => gql(h, rec, PORTS.gateway, ENTITY)],
        [
          'entity join (organisations.returns) + ruleSets',
          'client: 3 calls in parallel, joined locally',
          (h, rec) =>
            Promise.all([
              gql(h, rec, PORTS.agreements, FAN_OUT.agreements),
              rest(h, rec, PORTS.monitoring, '/api/v1/returns'),
              gql(h, rec, PORTS.questionnaire, FAN_OUT.questionnaire),
            ]),
        ],
      ];
      {
        // The gateway's answer must be the same data as the three direct answers put together.
        const h = new Http(4);
        const probe = await closedLoop({
          concurrency: 1,
          durationMs: 1,
          scenario: async (_h, rec) => {
            const viaGateway = await gql(h, rec, PORTS.gateway, FAN_OUT.gateway);
            const [a, q, m] = await Promise.all(parts(h, rec).map((f) => f()));
            const direct = { ...a, ...q, ...m };
            if (JSON.stringify(viaGateway) !== JSON.stringify(direct))
              rec.error(`gateway and direct answers differ: ${JSON.stringify(viaGateway).slice(0, 300)} vs ${JSON.stringify(direct).slice(0, 300)}`);
            const entity = await gql(h, rec, PORTS.gateway, ENTITY);
            const orgs = (entity.organisations as unknown[] | undefined) ?? [];
            const returns = (await rest(h, rec, PORTS.monitoring, '/api/v1/returns')) as { items?: unknown[] } | unknown[];
            fedNote = `${orgs.length} organisations, ${((a?.organisations as unknown[]) ?? []).length} via agreements, ${((q?.ruleSets as unknown[]) ?? []).length} rule sets, ${Array.isArray(returns) ? returns.length : (returns.items?.length ?? 0)} returns, ${((m?.indicators as { indicators?: unknown[] })?.indicators ?? []).length} indicators`;
            return true;
          },
        });
        h.close();
        if (probe.recorder.errors > 0) throw new Error(`federated check failed: ${probe.recorder.errorSamples.join('; ')}`);
        log(`federated data: ${fedNote}`);
      }
      log('warm-up: federated');
      for (const [, , f] of fedScenarios)
        await closedLoop({ concurrency: 10, durationMs: 2000, scenario: async (h, rec) => (await rec.time('op', () => f(h, rec)), true) });
      procs.resetPeaks();
      for (const concurrency of FED_CONCURRENCY)
        for (const [operation, target, f] of fedScenarios) {
          const [run, cpu] = await measureCpu(procs, pgPids, () =>
            closedLoop({ concurrency, durationMs: FED_SECONDS * 1000, scenario: async (h, rec) => (await rec.time('op', () => f(h, rec)), true) }),
          );
          const l = run.recorder.latencies('op');
          const row = {
            concurrency,
            operation,
            target,
            requests: run.iterations,
            perSecond: run.perSecond,
            p50: l.p50,
            p99: l.p99,
            errors: run.recorder.errors,
            errorSamples: run.recorder.errorSamples,
            cpu,
            seconds: run.seconds,
          };
          fedRows.push(row);
          log(
            `c=${concurrency} ${operation} / ${target}: p50 ${l.p50.toFixed(1)} ms p99 ${l.p99.toFixed(1)} ms ${run.perSecond.toFixed(0)}/s errors ${row.errors}`,
          );
        }
      rss.federated = procs.peakSnapshot();
    }
  } finally {
    await procs.stopAll();
    log('services stopped');
    if (db) await db.drop().catch((e: unknown) => log(`drop failed: ${String(e)}`));
    redisDeleted = await deleteRedisKeys(prefix).catch(() => -1);
    rmSync(dataDir, { recursive: true, force: true });
  }

  // 3. Monitoring at two data sizes, its own process, with nothing else of ours running.
  if (PARTS.has('scale')) {
    const out = join(os.tmpdir(), `system-bench-monitoring-${process.pid}.json`);
    const mon = new Processes();
    const child = mon.start(
      'monitoring-scale',
      ['-r', 'ts-node/register/transpile-only', join(__dirname, 'monitoring-scale.ts'), '--scales', SCALES, '--events', String(EVENTS), '--out', out],
      {},
    );
    mon.startSampling(500);
    const code = await new Promise<number>((resolve) => child.child.once('exit', (c) => resolve(c ?? 1)));
    rss.monitoring = mon.peakSnapshot().get('monitoring-scale');
    mon.stopSampling();
    if (code !== 0) throw new Error(`monitoring-scale failed:\n${child.stderr}`);
    scaleResults = JSON.parse(readFileSync(out, 'utf8')) as ScaleResult[];
    rmSync(out, { force: true });
    for (const s of scaleResults)
      log(
        `monitoring ${s.screenings}: seed ${s.seedSeconds.toFixed(1)} s, reports ${s.reportsSeconds.toFixed(1)} s, ingest ${(s.ingestEvents / s.ingestSeconds).toFixed(0)} events/s`,
      );
  }
  rss.monitoringProc = rssKiB(process.pid);

  writeResults({ loadBefore, loadAfter: load(), pgVersion, redisVersion: redisInfo, screeningRows, fedRows, fedNote, rss, scaleResults, prefix, redisDeleted });
}

// ---------------------------------------------------------------------------------------------

const f1 = (n: number): string => (Number.isFinite(n) ? n.toFixed(1) : '–');
const f2 = (n: number): string => (Number.isFinite(n) ? n.toFixed(2) : '–');
const mib = (kib: number | undefined): string => (kib === undefined ? '–' : (kib / 1024).toFixed(0));
const int = (n: number): string => n.toLocaleString('en');

/** CPU ms per unit of work (a screening, an operation) by process, and the cores kept busy in all. */
function cpuTable(unit: string, rows: { label: string; cpu: Map<string, number>; units: number; seconds: number }[]): string[] {
  const names = [...new Set(rows.flatMap((x) => [...x.cpu.keys()]))].filter((n) => rows.some((x) => (x.cpu.get(n) ?? 0) > 0.05));
  const out = [
    `| row | ${names.join(' | ')} | all, ms per ${unit} | cores busy (all CPU s ÷ wall s) |`,
    `| --- | ${names.map(() => '---:').join(' | ')} | ---: | ---: |`,
  ];
  for (const x of rows) {
    const all = [...x.cpu.values()].reduce((a, b) => a + b, 0);
    const per = (sec: number): string => (x.units > 0 ? ((sec * 1000) / x.units).toFixed(1) : '–');
    out.push(`| ${x.label} | ${names.map((n) => per(x.cpu.get(n) ?? 0)).join(' | ')} | ${per(all)} | ${(all / x.seconds).toFixed(2)} |`);
  }
  return out;
}

function writeResults(r: {
  loadBefore: string;
  loadAfter: string;
  pgVersion: string;
  redisVersion: string;
  screeningRows: ScreeningRow[];
  fedRows: FedRow[];
  fedNote: string;
  rss: { idle?: Rss; screening?: Rss; federated?: Rss; monitoring?: number; monitoringProc?: number };
  scaleResults: ScaleResult[];
  prefix: string;
  redisDeleted: number;
}): void {
  const cpus = os.cpus();
  const L: string[] = [];
  const goals: string[] = [];
  /** What dominates, from the CPU accounting: written under "Reading the figures". */
  const notes: string[] = [];
  const cpuPer = (x: { cpu: Map<string, number>; requests: number }): number =>
    ([...x.cpu.values()].reduce((a, b) => a + b, 0) * 1000) / Math.max(1, x.requests);
  L.push(
    '# Whole-system benchmark',
    '',
    `Run ${new Date().toISOString()} with \`npm run bench:system\` (\`node -r ts-node/register/transpile-only bench/system/run.ts ${process.argv.slice(2).join(' ')}\` after the build); ${((Date.now() - started) / 1000).toFixed(0)} s in all.`,
    '',
    `- Machine: ${cpus.length} cores × ${cpus[0]?.model.trim() ?? '?'}, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB RAM, ${os.type()} ${os.release()}`,
    `- Node ${process.version}, PostgreSQL ${r.pgVersion} (127.0.0.1:5432), Redis ${r.redisVersion} (127.0.0.1:6379)`,
    `- Load average (1, 5, 15 min) before / after: ${r.loadBefore} / ${r.loadAfter}. The machine is shared with other work, and the load driver, the seven`,
    '  service processes, PostgreSQL and Redis all share its cores: absolute figures are low and noisy; only the ratios between',
    '  rows measured in this same run mean something.',
    '',
    '## Method',
    '',
    '- Processes: the built `dist` of questionnaire, agreements and monitoring (`main.js` and `worker.js` each) and the gateway (`main.js`,',
    '  Hive runtime, the default), each its own Node process, on a throwaway database of the local PostgreSQL (created, migrated by the',
    `  services, dropped at the end) and queues on the local Redis under their own QUEUE_PREFIX (\`${r.prefix}\`, ${r.redisDeleted} keys deleted at the end).`,
    '  **The gateway runs with `RATE_LIMIT_ENABLED=false` and `NODE_ENV=development`** (else 200 anonymous screenings from one address',
    '  would meet the per-address screening limit, 30/min), logging at `warn` everywhere. All on 127.0.0.1 (ports 4310–4314).',
    '- Load: a closed-loop driver of our own (`bench/system/driver.ts`) in the bench process: N virtual users, each running its scenario back',
    '  to back with no think time for a fixed time; a scenario started before the deadline is finished. Keep-alive connections.',
    `- Warm-up before each part (3 s of screenings per target at 20 users; 2 s per federated scenario at 10), not recorded.`,
    '',
    '## 1. Full screenings: gateway vs straight to the questionnaire vs a bare Node server',
    '',
    'A screening = `POST /api/v1/screenings` (anonymous self-assessment) then `POST /api/v1/screenings/:id/answers` for whatever',
    '`nextQuestion` asks until the status is COMPLETED. Values come from a random consistent persona (the map in',
    '`bench/system/screening.ts`) and otherwise modest defaults (false, the minimum or 0, the first option), kept within min/max; on',
    'a 400 that states a bound the answer is sent again with that bound ("bound retries"); on any other 400 (a contradiction)',
    'the screening is ended with `/complete` ("ended early"). Errors: any other non-2xx, network error, timeout (30 s), or a screening',
    'that does not end COMPLETED. The floor is a bare `node:http` server in its own process that parses each body and answers',
    'the next canned question, asking as many questions per screening as the questionnaire did at that concurrency.',
    `${SECONDS} s per row. Latency is per answer request (p50/p99 over every answer of the run).`,
    '',
    '| concurrent screenings | target | screenings/s | answers/screening | answer p50 ms | answer p99 ms | start p50 ms | answers sent | bound retries | ended early | errors |',
    '| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  );
  for (const s of r.screeningRows) {
    L.push(
      `| ${s.concurrency} | ${s.target} | ${f1(s.perSecond)} | ${f1(s.answersPerScreening)} | ${f1(s.answerP50)} | ${f1(s.answerP99)} | ${f1(s.startP50)} | ${int(s.answers)} | ${s.boundRetries} | ${s.endedEarly} | ${s.errors} |`,
    );
  }
  L.push(
    '',
    '| concurrent screenings | gateway ÷ direct: screenings/s | gateway ÷ direct: answer p50 | gateway ÷ direct: answer p99 | direct ÷ floor: screenings/s | direct ÷ floor: answer p50 |',
    '| ---: | ---: | ---: | ---: | ---: | ---: |',
  );
  for (const c of CONCURRENCY) {
    const d = r.screeningRows.find((s) => s.concurrency === c && s.target.startsWith('questionnaire'));
    const g = r.screeningRows.find((s) => s.concurrency === c && s.target.startsWith('gateway'));
    const fl = r.screeningRows.find((s) => s.concurrency === c && s.target.startsWith('floor'));
    if (d && g && fl)
      L.push(
        `| ${c} | ${f2(g.perSecond / d.perSecond)}× | ${f2(g.answerP50 / d.answerP50)}× | ${f2(g.answerP99 / d.answerP99)}× | ${f2(d.perSecond / fl.perSecond)}× | ${f2(d.answerP50 / fl.answerP50)}× |`,
      );
  }
  L.push(
    '',
    'CPU time per completed screening, ms, by process (from `/proc/<pid>/stat` before and after each row; PostgreSQL = the backends',
    'connected to our database; the load driver is the bench process). On 2 shared cores, this is what decides the throughput:',
    '',
    ...cpuTable(
      'screening',
      r.screeningRows.map((x) => ({ label: `${x.target}, ${x.concurrency}`, cpu: x.cpu, units: x.screenings, seconds: x.seconds })),
    ),
  );
  for (const c of CONCURRENCY) {
    const d = r.screeningRows.find((x) => x.concurrency === c && x.target.startsWith('questionnaire'));
    const g = r.screeningRows.find((x) => x.concurrency === c && x.target.startsWith('gateway'));
    const fl = r.screeningRows.find((x) => x.concurrency === c && x.target.startsWith('floor'));
    if (!d || !g || !fl) continue;
    const per = (x: ScreeningRow, name: string): number => ((x.cpu.get(name) ?? 0) * 1000) / Math.max(1, x.screenings);
    const requests = (x: ScreeningRow): number => x.answersPerScreening + 1;
    notes.push(
      `- Screenings, ${c} concurrent: per screening the questionnaire process uses ${f1(per(d, 'questionnaire'))} ms of CPU (${f2(per(d, 'questionnaire') / requests(d))} ms per request), ` +
        `PostgreSQL ${f1(per(d, 'PostgreSQL (our backends)'))} ms; through the gateway, the gateway process adds ${f1(per(g, 'gateway'))} ms ` +
        `(${f2(per(g, 'gateway') / requests(g))} ms per proxied request, against ${f2(per(fl, 'floor (bare http)') / requests(fl))} ms per request for the bare server to do its whole job). ` +
        `The machine gave the run ${f2([...g.cpu.values()].reduce((a, b) => a + b, 0) / g.seconds)} cores: the throughput is the CPU per screening, summed over the processes, divided into that.`,
    );
  }
  const errorsAt200 = r.screeningRows.filter((s) => s.concurrency === 200 && !s.target.startsWith('floor')).reduce((n, s) => n + s.errors, 0);
  const samples = r.screeningRows.flatMap((s) => s.errorSamples.map((e) => `${s.target} c=${s.concurrency}: ${e}`)).slice(0, 6);
  if (samples.length) L.push('', 'First errors seen:', '', ...samples.map((e) => `- \`${e.replace(/`/g, "'")}\``));
  goals.push(`| No error under 200 concurrent screenings (gateway and direct) | ${errorsAt200 === 0 ? '**met**' : '**not met**'} (${errorsAt200} errors) |`);

  L.push(
    '',
    '## 2. A federated query through the gateway vs the client fetching from each service',
    '',
    `${FED_CONCURRENCY.join(' and ')} concurrent clients, ${FED_SECONDS} s per row, a central token (Bearer) on every request. Latency is per client operation:`,
    'one gateway request, or all three direct calls (in parallel: `Promise.all`, the slowest of the three; in sequence: their sum).',
    '',
    '- **fan-out**: `' + '{ organisations { id name kind } ruleSets { id } indicators(semester: "2026S1") { … } }' + '`: one root field per subgraph',
    '  (agreements, questionnaire, monitoring); the client-side equivalent sends each subgraph its own root field on its `/graphql`.',
    "  The gateway's answer was checked to be exactly the three direct answers merged, before timing.",
    '- **entity join**: `{ organisations { id name kind returns { semester status } } ruleSets { id } }`: monitoring resolves',
    '  `Organisation.returns` through `_entities`; the client-side equivalent fetches the organisations (agreements), all returns',
    '  (`GET /api/v1/returns`, monitoring) and the rule sets (questionnaire) in parallel and would join them itself.',
    `- Data on the throwaway database: ${r.fedNote || '?'} (reference data only; returns empty).`,
    '',
    '| clients | operation | target | ops/s | p50 ms | p99 ms | errors | p50 ÷ client parallel | p50 ÷ client sequence |',
    '| ---: | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |',
  );
  const same = (a: FedRow, b: FedRow): boolean => a.operation === b.operation && a.concurrency === b.concurrency;
  for (const row of r.fedRows) {
    const par = r.fedRows.find((x) => same(x, row) && x.target.includes('parallel'));
    const seq = r.fedRows.find((x) => same(x, row) && x.target.includes('sequence'));
    L.push(
      `| ${row.concurrency} | ${row.operation} | ${row.target} | ${f1(row.perSecond)} | ${f1(row.p50)} | ${f1(row.p99)} | ${row.errors} | ${par ? `${f2(row.p50 / par.p50)}×` : ''} | ${seq ? `${f2(row.p50 / seq.p50)}×` : ''} |`,
    );
  }
  L.push(
    '',
    'CPU time per operation, ms, by process:',
    '',
    ...cpuTable(
      'operation',
      r.fedRows.map((x) => ({ label: `${x.concurrency}: ${x.operation.split(' ')[0]}: ${x.target}`, cpu: x.cpu, units: x.requests, seconds: x.seconds })),
    ),
  );
  for (const c of FED_CONCURRENCY) {
    const pick = (op: string, target: string): FedRow | undefined =>
      r.fedRows.find((x) => x.concurrency === c && x.operation.startsWith(op) && x.target.includes(target));
    const fanG = pick('fan-out', 'gateway');
    const fanP = pick('fan-out', 'parallel');
    const fanS = pick('fan-out', 'sequence');
    const entG = pick('entity', 'gateway');
    const entP = pick('entity', 'parallel');
    if (fanG && fanP && fanS) {
      const ratio = fanG.p50 / fanP.p50;
      goals.push(
        `| Gateway overhead < 1.5× at p50, ${c} client${c > 1 ? 's' : ''} (fan-out vs the client's 3 parallel calls) | ${ratio < 1.5 ? '**met**' : '**not met**'} (${f2(ratio)}×; vs 3 calls in sequence ${f2(fanG.p50 / fanS.p50)}×) |`,
      );
      const gw = (fanG.cpu.get('gateway') ?? 0) / Math.max(1, fanG.requests);
      notes.push(
        `- Federated fan-out, ${c} client${c > 1 ? 's' : ''}: the gateway process spends ${f1(gw * 1000)} ms of CPU per operation; all processes together ${f1(cpuPer(fanG))} ms through the gateway vs ${f1(cpuPer(fanP))} ms when the client calls the three services itself.`,
      );
    }
    if (entG && entP) {
      const ratio = entG.p50 / entP.p50;
      goals.push(
        `| Same, for the entity-join query (organisations.returns), ${c} client${c > 1 ? 's' : ''} | ${ratio < 1.5 ? '**met**' : '**not met**'} (${f2(ratio)}×) |`,
      );
      const mon = (x: FedRow): number => ((x.cpu.get('monitoring') ?? 0) * 1000) / Math.max(1, x.requests);
      notes.push(
        `- Entity join, ${c} client${c > 1 ? 's' : ''}: monitoring spends ${f1(mon(entG))} ms of CPU per operation resolving \`Organisation.returns\` through \`_entities\` (one returns query for all the organisations of the request, and the guards of its 2 × 31 fields) vs ${f1(mon(entP))} ms for one \`GET /api/v1/returns\`.`,
      );
    }
  }

  L.push(
    '',
    '## 3. Report compilation and event ingest as the data grows',
    '',
    'Run after the services were stopped, in its own process (`bench/system/monitoring-scale.ts`), one fresh throwaway database per size.',
    'It drives the monitoring pieces programmatically, as `services/monitoring/bench/run.ts` does (that script is not called: it',
    'would overwrite bench/RESULTS-monitoring.md, and its CLI has no way to time ingest against a loaded database). Per size:',
    'the seeder fills semester 2026S1 (follow-ups = a tenth of the screenings), `VACUUM ANALYZE`; then the national and the 20',
    'regional reports (`ReportInputBuilder.build` for the data, snapshot + partner view, JSON/CSV/XLSX, the PDF with charts for the',
    `national one; nothing written back; after one untimed warm-up report, all 21 twice, the faster round kept); then ${int(EVENTS)} screening.completed events (after 200 of warm-up) through`,
    "`EventsConsumer.handle`, the worker's handler, with the worker's concurrency, into the same semester (the queue itself not",
    'timed), the rollup fold running beside it as in the worker (*committed*: every event committed, counted by the rollup views;',
    '*drained*: the fold caught up too); then as many events through the path before decision 0019 (*old*: every rollup row',
    'incremented in the transaction, `services/monitoring/bench/legacy-ingest.ts`) and, the same-run baseline, as many outcome rows',
    `by bare 500-row INSERTs (*raw*). Sizes: ${r.scaleResults.map((x) => int(x.screenings)).join(' and ')} screenings (\`--scales\`), and the growth factors between them.`,
    '',
    '| screenings | rows in screening_outcome after | seed s | 21 reports s | of which data s | national data ms | reports peak RSS MiB | ingest committed events/s (in flight) | drained events/s | old path events/s | raw INSERT events/s | committed / raw | committed / old |',
    '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  );
  for (const s of r.scaleResults) {
    const perSecond = (seconds: number) => s.ingestEvents / seconds;
    L.push(
      `| ${int(s.screenings)} | ${int(s.tableRows.screening_outcome)} | ${f1(s.seedSeconds)} | ${f2(s.reportsSeconds)} | ${f2(s.reportsDataSeconds)} | ${f1(s.nationalDataMs)} | ${int(s.reportsPeakRssMiB)} | ` +
        `${int(Math.round(perSecond(s.ingestSeconds)))} (${s.ingestConcurrency}) | ${int(Math.round(perSecond(s.ingestSeconds + s.ingestDrainSeconds)))} | ` +
        `${int(Math.round(perSecond(s.legacySeconds)))} | ${int(Math.round(perSecond(s.rawInsertSeconds)))} | ${f2(s.rawInsertSeconds / s.ingestSeconds)}× | ${f2(s.legacySeconds / s.ingestSeconds)}× |`,
    );
  }
  const [a, b] = r.scaleResults;
  if (a && b) {
    const data = b.screenings / a.screenings;
    const reportGrowth = b.reportsSeconds / a.reportsSeconds;
    const dataGrowth = b.reportsDataSeconds / a.reportsDataSeconds;
    const perEventGrowth = b.ingestSeconds / b.ingestEvents / (a.ingestSeconds / a.ingestEvents);
    const seedGrowth = b.seedSeconds / a.seedSeconds;
    L.push(
      '',
      `| growth from ${int(a.screenings)} to ${int(b.screenings)} screenings (data × ${f2(data)}) | time × |`,
      '| --- | ---: |',
      `| 21 reports, total | ${f2(reportGrowth)} |`,
      `| 21 reports, data gathering only | ${f2(dataGrowth)} |`,
      `| ingest, time per event (same number of events, larger tables) | ${f2(perEventGrowth)} |`,
      `| seed (bulk load of all the screenings) | ${f2(seedGrowth)} |`,
    );
    notes.push(
      `- Reports: of the ${f2(b.reportsSeconds)} s the 21 reports take at ${int(b.screenings)} screenings, ${f2(b.reportsDataSeconds)} s is gathering their data ` +
        `(× ${f2(dataGrowth)} for × ${f2(data)} the screenings); the rest (${f2(b.reportsSeconds - b.reportsDataSeconds)} s against ${f2(a.reportsSeconds - a.reportsDataSeconds)} s) is rendering: snapshot, XLSX, the national PDF with its charts.`,
    );
    const ok = reportGrowth <= data * 1.1 && perEventGrowth <= data * 1.1;
    goals.push(
      `| Reports and ingest grow no worse than linearly with the data | ${ok ? '**met**' : '**not met**'} (data × ${f2(data)}: reports × ${f2(reportGrowth)}, ingest per event × ${f2(perEventGrowth)}) |`,
    );
  }

  L.push(
    '',
    '## 4. Memory (VmRSS, MiB)',
    '',
    'Read from `/proc/<pid>/status` of each child process: idle = 5 s after every process was ready, before any traffic (one sample);',
    'under load = the highest of samples every 250 ms during the timed rows of part 1 (screenings, up to 200 concurrent) and of part 2',
    '(federated queries). The monitoring-scale process (part 3) ran alone, sampled every 500 ms.',
    '',
    '| process | idle | peak, screenings | peak, federated queries |',
    '| --- | ---: | ---: | ---: |',
  );
  for (const name of r.rss.idle ? [...r.rss.idle.keys()] : []) {
    L.push(`| ${name} | ${mib(r.rss.idle?.get(name))} | ${mib(r.rss.screening?.get(name))} | ${mib(r.rss.federated?.get(name))} |`);
  }
  const total = (m: Rss | undefined): number | undefined => (m ? [...m.values()].reduce((s, x) => s + x, 0) : undefined);
  L.push(`| **all of the above** | ${mib(total(r.rss.idle))} | ${mib(total(r.rss.screening))} | ${mib(total(r.rss.federated))} |`);
  L.push(
    '',
    `Part 3 process (seed, 21 reports, ingest at up to ${int(r.scaleResults.at(-1)?.screenings ?? 0)} screenings): peak ${mib(r.rss.monitoring)} MiB. The bench process itself (load driver) at the end: ${mib(r.rss.monitoringProc)} MiB.`,
  );

  L.push('', '## Goals', '', '| goal | result |', '| --- | --- |', ...goals, '');
  L.push('## Reading the figures', '', 'What dominates, from the CPU time of each process during each row:', '', ...notes, '');
  // Profile hints, from a separate diagnostic run (SYSBENCH_CPU_PROF): profiling would skew this run's ratios.
  try {
    L.push(readFileSync(join(__dirname, 'profile-notes.md'), 'utf8').trim(), '');
  } catch {
    /* none written */
  }
  const out = arg('out', join(root, 'bench', 'RESULTS-system.md'));
  writeFileSync(out, L.join('\n'));
  log(`wrote ${out}`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`system bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);

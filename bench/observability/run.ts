/**
 * What observability costs on the screening path: full self-assessments through the gateway's REST
 * route to the questionnaire API (and its PostgreSQL, outbox and queue), with metrics and traces off
 * and on, in the same run on the same database server. The issue's question: "the cost of metrics
 * and tracing on the screening path (on vs off, same run) under 5 %".
 *
 *   node -r ts-node/register/transpile-only bench/observability/run.ts [--out file.md] [--rounds 4] [--seconds 20] [--warmup 30]
 *     [--concurrency 8] [--sides again,metrics,door,traced,tenth,all] [--mode together|turns] [--scrape-every 30] [--profile DIR] [--direct]
 *
 * Stacks of the same build side by side, each a gateway in front of a questionnaire API with its
 * own database, differing only in their settings: "off", metrics and traces off (METRICS_ENABLED=false,
 * no OTLP endpoint); "again", a second "off", whose difference from the first is the method's own
 * error; "metrics", metrics on (the default), scraped at the ServiceMonitors' interval; "door",
 * metrics and tracing on but no trace kept (what every request pays for tracing being possible);
 * "traced", metrics and tracing at the default sampler (one request in a hundred starts a trace):
 * the production configuration with tracing; "tenth", one in ten, the earlier default; "all", every
 * trace kept. Traces go to a stand-in OTLP/HTTP collector
 * this process starts on localhost, which accepts and discards, so the export is real.
 *
 * Every stack is loaded at once ("together"): whatever else the shared machine does at a moment
 * falls on all of them alike, where one at a time ("turns", the earlier method) let the ratios swing
 * by ±30 % with the order. Each round starts fresh processes (what V8 compiles stays with a process,
 * and two identical stacks differed by up to 9 % when kept across rounds), warms them up, scrapes
 * them once, then loads them together. The first figure is the CPU time the two processes spend per
 * screening (from /proc), counted until the work the round caused has settled. The goal: under 5 %
 * against off.
 *
 * --direct: a diagnostic run; the load goes to each stack's questionnaire API itself, not through its gateway
 * (which is still started, and idles): what the API pays when it draws at its own door, with no
 * `traceparent` from a gateway.
 *
 * --profile DIR: a diagnostic run; every process writes a V8 CPU profile to DIR/<side>-<service>-<round>.cpuprofile
 * when stopped (summarise with bench/system/profile-summary.ts). Its figures are skewed by profiling.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { createTestDatabase, findRepoRoot, readTestEnvironment, type TestDatabase } from '@inps/shared';
import Redis from 'ioredis';
import { OtlpCollector } from '../../test/support/otlp-collector';
import { sparePort } from '../../test/support/ports';
import { machine } from '../lib/load';
import { closedLoop, Recorder, type LoadRun } from '../system/driver';
import { cpuSeconds, Processes, waitReady, type Proc } from '../system/procs';
import { persona, rnd, screening, type ScreeningTarget } from '../system/screening';

const root = findRepoRoot(__dirname);
const arg = (name: string, fallback: string): string => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? (process.argv[i + 1] as string) : fallback;
};
const ROUNDS = Number(arg('rounds', '4'));
const SECONDS = Number(arg('seconds', '20'));
/**
 * Seconds of load on every stack, all together, before a round is measured. Five were too few: a
 * process was still compiling its hot paths during the round, and a side warmed up for 3 s longer
 * than the others (the traced ones, alone in the extra seconds) measured 4 % cheaper than off where,
 * warmed up as long as the others, it measured 23 % dearer (2026-12-07, decision 0022, third pass).
 */
const WARMUP = Number(arg('warmup', '30'));
/**
 * together (the default): every stack is loaded at once in each round, so that whatever else the
 * shared machine does at any moment falls on all of them alike; turns: one stack at a time, the
 * order turning every round.
 */
const MODE = arg('mode', 'together') === 'turns' ? 'turns' : 'together';
const CONCURRENCY = Number(arg('concurrency', MODE === 'together' ? '8' : '20'));
const OUT = arg('out', join(root, 'bench', 'RESULTS-observability.md'));
const PROFILE = arg('profile', '');
const DIRECT = process.argv.includes('--direct');
/** Seconds between two reads of /metrics: the ServiceMonitors' interval (k8s/base/observability). */
const SCRAPE_EVERY = Number(arg('scrape-every', '30'));
/** Long enough for every stack to be scraped at least once. */
const IDLE_SECONDS = Math.min(Math.max(SECONDS, SCRAPE_EVERY), 60);

const started = Date.now();
const log = (s: string): void => void process.stdout.write(`[${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s] ${s}\n`);

/** off: nothing; metrics: metrics only (the default); traced: metrics and the default sampler; all: metrics and every trace. */
const SIDES = ['off', 'again', 'metrics', 'door', 'traced', 'tenth', 'all'] as const;
type Side = (typeof SIDES)[number];
const CHOSEN = arg('sides', SIDES.join(','))
  .split(',')
  .filter((x): x is Side => (SIDES as readonly string[]).includes(x));
if (!CHOSEN.includes('off')) CHOSEN.unshift('off');

const LABEL: Record<Side, string> = {
  off: 'off (METRICS_ENABLED=false, no tracing)',
  metrics: 'metrics only (the default)',
  again: "off again (a second stack like off: the method's own error)",
  door: 'metrics + tracing, no trace kept (OTEL_TRACES_SAMPLER_ARG=0)',
  traced: 'metrics + tracing, default sampler (1 request in 100)',
  tenth: 'metrics + tracing, 1 request in 10 (OTEL_TRACES_SAMPLER_ARG=0.1)',
  all: 'metrics + tracing, every trace (OTEL_TRACES_SAMPLER_ARG=1)',
};

interface Stack {
  readonly side: Side;
  /** Where the load goes: the gateway, or the API itself with --direct. */
  readonly loadPort: number;
  readonly db: TestDatabase;
  readonly prefix: string;
  /** The gateway and the questionnaire API: their CPU time is what tracing adds to. */
  readonly procs: readonly Proc[];
  /** The /metrics addresses a scraper reads during the stack's rounds (none when metrics are off). */
  readonly scrape: readonly string[];
}

async function startStack(procs: Processes, side: Side, env: Record<string, string>, dataDir: string, db: TestDatabase, run: number): Promise<Stack> {
  const prefix = `obsbench${process.pid}${side}`;
  const ports = { gateway: await sparePort(), questionnaire: await sparePort() };
  const common = {
    DATABASE_URL: db.url,
    DATA_DIR: dataDir,
    HOST: '127.0.0.1',
    REDIS_URL: readTestEnvironment().redisUrl,
    QUEUE_PREFIX: prefix,
    NODE_ENV: 'development',
    ...env,
  };
  const prof = (service: string): string[] =>
    PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${PROFILE}`, `--cpu-prof-name=${side}-${service}-${run}.cpuprofile`] : [];
  const q = procs.start(
    `questionnaire (${side})`,
    [join(root, 'services/questionnaire/dist/main.js')],
    { ...common, SERVICE_NAME: 'questionnaire', PORT: String(ports.questionnaire) },
    prof('questionnaire'),
  );
  await waitReady(ports.questionnaire, '/health/ready', q);
  const unused = `http://127.0.0.1:${await sparePort()}`;
  const gw = procs.start(
    `gateway (${side})`,
    [join(root, 'services/gateway/dist/main.js')],
    {
      ...common,
      SERVICE_NAME: 'gateway',
      PORT: String(ports.gateway),
      QUESTIONNAIRE_URL: `http://127.0.0.1:${ports.questionnaire}`,
      AGREEMENTS_URL: unused,
      MONITORING_URL: unused,
      RATE_LIMIT_ENABLED: 'false',
    },
    prof('gateway'),
  );
  await waitReady(ports.gateway, '/health/live', gw);
  const scrape = env.METRICS_ENABLED === 'false' ? [] : [ports.questionnaire, ports.gateway].map((p) => `http://127.0.0.1:${p}/metrics`);
  return { side, loadPort: DIRECT ? ports.questionnaire : ports.gateway, db, prefix, procs: [q, gw], scrape };
}

/**
 * Prometheus reads /metrics at the ServiceMonitors' interval: the scrapes are part of what metrics
 * cost. The first read of each stack comes at a different moment, as two targets' would.
 */
function scraping(stack: Stack, index: number): () => void {
  if (stack.scrape.length === 0) return () => undefined;
  const read = (): void => {
    for (const url of stack.scrape)
      void fetch(url).then(
        (r) => r.text(),
        () => undefined,
      );
  };
  let timer: NodeJS.Timeout | undefined;
  const first = setTimeout(
    () => {
      read();
      timer = setInterval(read, SCRAPE_EVERY * 1000);
    },
    ((index + 1) * SCRAPE_EVERY * 1000) / 7,
  );
  return () => {
    clearTimeout(first);
    clearInterval(timer);
  };
}

async function round(stack: Stack, seconds: number, seed: number, headers?: Record<string, string>): Promise<LoadRun> {
  const target: ScreeningTarget = { port: stack.loadPort, startPath: '/api/v1/screenings', headers };
  const randoms = Array.from({ length: CONCURRENCY }, (_, u) => rnd(seed * 1000 + u));
  return closedLoop({
    concurrency: CONCURRENCY,
    durationMs: seconds * 1000,
    scenario: (http, rec, user) => screening(http, rec, target, persona(randoms[user] as () => number)),
  });
}

async function deleteRedisKeys(prefix: string): Promise<void> {
  const redis = new Redis(readTestEnvironment().redisUrl, { lazyConnect: true, maxRetriesPerRequest: 2 });
  await redis.connect();
  try {
    for (const pattern of [`bull:${prefix}.*`, `${prefix}*`]) {
      let cursor = '0';
      do {
        const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
        cursor = next;
        if (keys.length > 0) await redis.del(...keys);
      } while (cursor !== '0');
    }
  } finally {
    redis.disconnect();
  }
}

const cpuOf = (stack: Stack): number => stack.procs.reduce((sum, p) => sum + (cpuSeconds(p.child.pid) ?? 0), 0);
/** The API's CPU seconds alone (procs[0]); the gateway's is the rest. */
const apiCpuOf = (stack: Stack): number => cpuSeconds((stack.procs[0] as Proc).child.pid) ?? 0;

/**
 * Waits until the stack has finished what its round started (the outbox relay publishing the last
 * events, the pool's last queries, the garbage collector) and returns the seconds it took. That work
 * is the round's own cost, counted with it; without the wait it ran during the next stack's round,
 * slowing that one (the ratios swung by ±30 % with the order of the sides) and was counted nowhere.
 * Settled: under 30 ms of CPU in half a second, or 15 s at most.
 */
async function settle(stack: Stack): Promise<number> {
  const t0 = Date.now();
  let last = cpuOf(stack);
  for (;;) {
    await new Promise((r) => setTimeout(r, 500));
    const now = cpuOf(stack);
    if (now - last < 0.03 || Date.now() - t0 > 15_000) return (Date.now() - t0) / 1000;
    last = now;
  }
}

interface Totals {
  /** CPU seconds of the stack's two processes during its rounds. */
  cpu: number;
  /** Of which the questionnaire API's. */
  apiCpu: number;
  screenings: number;
  seconds: number;
  errors: number;
  answers: Recorder;
  perRound: number[];
  /** CPU ms per screening, round by round. */
  cpuPerRound: number[];
}

const pct = (r: number): string => `${r >= 1 ? '+' : '−'}${(Math.abs(r - 1) * 100).toFixed(1)} %`;
const median = (xs: readonly number[]): number => {
  const s = xs.slice().sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
};

async function main(): Promise<void> {
  // The stacks run on this process's Node (spawned with process.execPath), and the services run on
  // Node 24: figures from another Node are not the production ones (started with the shell's Node 20
  // by mistake on 2026-12-07, decision 0022, third pass).
  if (Number(process.versions.node.split('.')[0]) < 24)
    log(`warning: Node ${process.version}; the services run on Node 24: start this through npm (npm run bench) or node_modules/.bin/node`);
  const loadBefore = os
    .loadavg()
    .map((n) => n.toFixed(2))
    .join(' ');
  const pgVersion = execFileSync('psql', ['-h', '127.0.0.1', '-U', 'postgres', '-Atc', 'show server_version'], { encoding: 'utf8' }).trim();
  let procs = new Processes();
  const collector = new OtlpCollector(false);
  const dataDir = mkdtempSync(join(os.tmpdir(), 'obs-bench-'));
  let stacks: Stack[] = [];
  const dbs = new Map<Side, TestDatabase>();
  let idleMsPerSecond = new Map<Side, number>();
  try {
    const endpoint = await collector.start();
    // Each side names every variable it depends on, so that a default changed later shows here.
    const envOf: Record<Side, Record<string, string>> = {
      off: { METRICS_ENABLED: 'false' },
      again: { METRICS_ENABLED: 'false' },
      metrics: { METRICS_ENABLED: 'true' },
      door: { METRICS_ENABLED: 'true', OTEL_EXPORTER_OTLP_ENDPOINT: endpoint, OTEL_TRACES_SAMPLER_ARG: '0' },
      traced: { METRICS_ENABLED: 'true', OTEL_EXPORTER_OTLP_ENDPOINT: endpoint },
      tenth: { METRICS_ENABLED: 'true', OTEL_EXPORTER_OTLP_ENDPOINT: endpoint, OTEL_TRACES_SAMPLER_ARG: '0.1' },
      all: { METRICS_ENABLED: 'true', OTEL_EXPORTER_OTLP_ENDPOINT: endpoint, OTEL_TRACES_SAMPLER_ARG: '1' },
    };
    for (const side of CHOSEN) dbs.set(side, await createTestDatabase(`obsbench_${side}`));
    const totals = new Map<Side, Totals>(
      CHOSEN.map((side) => [side, { cpu: 0, apiCpu: 0, screenings: 0, seconds: 0, errors: 0, answers: new Recorder(), perRound: [], cpuPerRound: [] }]),
    );
    // Each round starts its own processes: what V8 happens to compile in one process stays with it
    // for its life, and two stacks of the same configuration differed by up to 9 % (the "again"
    // side). Started afresh every round, that falls on every side by turns.
    for (let r = 0; r < ROUNDS; r++) {
      // The order turns every round: no side is always started, warmed or loaded first.
      const sides = [...CHOSEN.slice(r % CHOSEN.length), ...CHOSEN.slice(0, r % CHOSEN.length)];
      procs = new Processes();
      stacks = await Promise.all(sides.map((side) => startStack(procs, side, envOf[side], dataDir, dbs.get(side) as TestDatabase, r + 1)));
      const warm = await Promise.all(stacks.map((s) => round(s, WARMUP, 1))); // warm-up: JIT, pools, caches
      // A process's first scrape compiles and connects what later ones reuse; Prometheus made it long ago.
      await Promise.all(stacks.flatMap((s) => s.scrape.map((url) => fetch(url).then((r) => r.text()))));
      // Likewise the first kept traces: recording, scrubbing and exporting load and compile code that
      // a process running for days has compiled long ago. At one request in a hundred a 5 s warm-up
      // may keep none, and the round paid for it (module loading showed in its profile). A caller's
      // sampled traceparent is followed, so these screenings are traced whatever the ratio.
      // Every stack runs these 3 s, traced or not: warmed up longer, the traced stacks alone measured
      // 4 % cheaper than off (a quiet run, 2026-12-07), the JIT's work and not tracing's.
      const sampled = { traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' };
      await Promise.all(stacks.map((s) => round(s, 3, 1, sampled)));
      await new Promise((r) => setTimeout(r, 1500)); // their batches exported (every second)
      log(`round ${r + 1}: stacks ready, warmed up with ${warm.map((w) => w.iterations).join(', ')} screenings`);
      // Scraped all through the round, as Prometheus would whether or not the stack is busy.
      const scrapers = stacks.map(scraping);
      const groups = MODE === 'together' ? [stacks] : stacks.map((s) => [s]);
      const results: { s: Stack; run: LoadRun; cpu: number; apiCpu: number; settled: number }[] = [];
      for (const group of groups) {
        const before = group.map(cpuOf);
        const apiBefore = group.map(apiCpuOf);
        const runs = await Promise.all(group.map((s) => round(s, SECONDS, r + 2)));
        const settled = Math.max(...(await Promise.all(group.map(settle))));
        group.forEach((s, i) =>
          results.push({ s, run: runs[i] as LoadRun, cpu: cpuOf(s) - (before[i] as number), apiCpu: apiCpuOf(s) - (apiBefore[i] as number), settled }),
        );
      }
      for (const { s, run, cpu, apiCpu, settled } of results) {
        const t = totals.get(s.side) as Totals;
        t.cpu += cpu;
        t.apiCpu += apiCpu;
        t.cpuPerRound.push((cpu * 1000) / Math.max(1, run.iterations));
        t.screenings += run.iterations;
        t.seconds += run.seconds;
        t.errors += run.recorder.errors;
        t.perRound.push(run.perSecond);
        // Pooled latencies of every request of every round of this side.
        for (const kind of ['start', 'answer', 'complete']) for (const ms of run.recorder.samplesOf(kind)) t.answers.add('request', ms);
        log(
          `round ${r + 1} ${s.side}: ${run.perSecond.toFixed(1)} screenings/s, ${run.iterations} screenings, errors ${run.recorder.errors}, ` +
            `${((cpu * 1000) / Math.max(1, run.iterations)).toFixed(1)} CPU ms each (API ${((apiCpu * 1000) / Math.max(1, run.iterations)).toFixed(1)}), settled in ${settled.toFixed(1)} s`,
        );
        for (const e of run.recorder.errorSamples) log(`  error: ${e}`);
      }
      if (r < ROUNDS - 1) {
        scrapers.forEach((stop) => stop());
        await procs.stopAll();
        continue;
      }
      // After the last round, what each stack spends with no request at all (scraped all the same):
      // the fixed cost, which a loaded machine's low throughput spreads over few screenings.
      const idleBefore = stacks.map(cpuOf);
      await new Promise((r) => setTimeout(r, IDLE_SECONDS * 1000));
      scrapers.forEach((stop) => stop());
      idleMsPerSecond = new Map(stacks.map((s, i) => [s.side, ((cpuOf(s) - (idleBefore[i] as number)) * 1000) / IDLE_SECONDS]));
    }
    const loadAfter = os
      .loadavg()
      .map((n) => n.toFixed(2))
      .join(' ');
    const figures = (side: Side) => {
      const t = totals.get(side) as Totals;
      return {
        t,
        tput: t.screenings / t.seconds,
        lat: t.answers.latencies('request'),
        cpuMs: (t.cpu * 1000) / Math.max(1, t.screenings),
        apiMs: (t.apiCpu * 1000) / Math.max(1, t.screenings),
      };
    };
    const off = figures('off');
    const label = LABEL;
    const rows = CHOSEN.map((side) => {
      const f = figures(side);
      return `| ${label[side]} | ${f.tput.toFixed(1)} | ${f.lat.p50.toFixed(1)} | ${f.lat.p99.toFixed(1)} | ${f.cpuMs.toFixed(0)} | ${f.apiMs.toFixed(0)} / ${(f.cpuMs - f.apiMs).toFixed(0)} | ${(idleMsPerSecond.get(side) ?? 0).toFixed(1)} | ${f.lat.n} | ${f.t.errors} |`;
    });
    const ratios = CHOSEN.filter((side) => side !== 'off').map((side) => {
      const f = figures(side);
      const r = { tput: f.tput / off.tput, p50: f.lat.p50 / off.lat.p50, p99: f.lat.p99 / off.lat.p99, cpu: f.cpuMs / off.cpuMs };
      const perRound = f.t.perRound.map((x, i) => x / (off.t.perRound[i] as number));
      const cpuPerRound = f.t.cpuPerRound.map((x, i) => x / (off.t.cpuPerRound[i] as number));
      // p99 is shown but not held to the goal: over a few thousand requests on shared cores it is a
      // handful of requests, and moves by more than 5 % between two rounds of the same stack.
      const worst = Math.max(r.cpu - 1, 1 - r.tput, r.p50 - 1);
      return { side, r, perRound, cpuPerRound, worst };
    });
    const md = [
      '# Observability cost: the screening path with traces and metrics off and on',
      '',
      `Run ${new Date(started).toISOString()} (bench/observability/run.ts), machine: ${machine()}; PostgreSQL ${pgVersion}; load average before ${loadBefore}, after ${loadAfter} (two shared cores: other work runs beside).`,
      '',
      `**Method.** ${CHOSEN.length} stacks of the same build, each the built gateway in front of the built questionnaire API with a database of its own, all on the same PostgreSQL and Redis, differing only in their settings: **off**, METRICS_ENABLED=false and no OTLP endpoint (nothing observed); **off again**, a second stack like off, whose difference from off is the method's own error; **metrics only**, METRICS_ENABLED=true (the default), both processes' /metrics read every ${SCRAPE_EVERY} s as the ServiceMonitors do; **no trace kept**, metrics plus tracing with OTEL_TRACES_SAMPLER_ARG=0 (what every request pays for tracing being on); **default sampler**, metrics plus tracing at the default (one request in a hundred starts a trace); **1 in 10**, the earlier default; **every trace**, keeping all. Traces go to a stand-in OTLP/HTTP collector on localhost that accepts and discards (spans serialised and sent for real: ${collector.requests} export requests in the run). ${ROUNDS} rounds; ${MODE === 'together' ? `in each, every stack is started afresh (the start-up order turning), warmed up for ${WARMUP} s and 3 s more with every request traced where tracing is on (all stacks alike), scraped once, then loaded at the same time as the others for ${SECONDS} s, so that what else the shared machine does falls on all alike` : `in each, every stack in turn is loaded alone for ${SECONDS} s, the order turning`}. ${CONCURRENCY} virtual users per stack run full self-assessments (start, every answer until COMPLETED) through the gateway's REST route, closed loop, no think time; latency is per request, pooled over the rounds. CPU per screening is the CPU time (user + system, /proc) of the gateway and the API (the API's share beside it), both on the Node this benchmark runs on (${process.version}), from the start of a round until the work it caused has settled (under 30 ms of CPU in half a second), over the screenings completed; idle CPU is what the two processes of each stack spend per second over ${IDLE_SECONDS} s with no request (still scraped) after the last round.`,
      '',
      '| | screenings/s | request p50 (ms) | request p99 (ms) | CPU ms per screening (gateway + API) | of which API / gateway | idle CPU ms/s (no requests) | requests | errors |',
      '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
      ...rows,
      '',
      '| against off, same run | CPU per screening | throughput | p50 | p99 | CPU per screening, round by round | throughput, round by round |',
      '| --- | ---: | ---: | ---: | ---: | --- | --- |',
      ...ratios.map(
        (x) =>
          `| ${label[x.side]} | **${x.r.cpu.toFixed(3)}** | **${x.r.tput.toFixed(3)}** | **${x.r.p50.toFixed(3)}** | ${x.r.p99.toFixed(3)} | ${x.cpuPerRound.map((v) => v.toFixed(2)).join(', ')} (median ${median(x.cpuPerRound).toFixed(3)}) | ${x.perRound.map((v) => v.toFixed(2)).join(', ')} (median ${median(x.perRound).toFixed(3)}) |`,
      ),
      '',
      ...ratios.map(
        (x) =>
          `**${x.side === 'again' ? 'Difference' : 'Cost'}, ${label[x.side]}:** CPU per screening ${pct(x.r.cpu)}, throughput ${pct(x.r.tput)}, p50 ${pct(x.r.p50)} (p99 ${pct(x.r.p99)}); ${
            x.side === 'again'
              ? 'no cost to find: as far as two identical stacks differ, so may any other side from off by chance.'
              : `goal under 5 % (CPU, throughput, p50): ${x.worst < 0.05 ? 'met' : 'not met'} (largest ${(x.worst * 100).toFixed(1)} %).`
          }`,
      ),
      '',
      'On a machine shared with other work the throughput and latency ratios move with what else runs during each round; the CPU time the two processes spend per screening (from /proc) depends much less on it, and is the figure to read first here.',
      '',
      'With tracing off no SDK is loaded: each queued job pays one boolean test (libs/shared/src/tracing). With tracing on, a request the sampler does not keep is decided at the door and runs with tracing suppressed (decision 0022).',
    ].join('\n');
    writeFileSync(OUT, `${md}\n`);
    log(`written ${OUT}`);
  } finally {
    await procs.stopAll();
    await collector.stop();
    for (const s of stacks) await deleteRedisKeys(s.prefix).catch(() => undefined);
    for (const db of dbs.values()) await db.drop().catch(() => undefined);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

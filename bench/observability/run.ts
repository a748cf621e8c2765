/**
 * What observability costs on the screening path: full self-assessments through the gateway's REST
 * route to the questionnaire API (and its PostgreSQL, outbox and queue), with observability off and
 * on, in the same run on the same database server.
 *
 *   npx ts-node --transpile-only bench/observability/run.ts [--out file.md] [--rounds 5] [--seconds 10] [--concurrency 20]
 *
 * Three stacks run side by side, each a built gateway in front of a built questionnaire API with its
 * own database: "off" with the default configuration; "on" with OTEL_EXPORTER_OTLP_ENDPOINT pointing
 * at a stand-in collector this process starts on localhost (it accepts OTLP/HTTP and discards, so
 * the export is real: serialising, batching and sending spans) at the default sampler (one new trace
 * in ten), plus METRICS_ENABLED=true; "all", the same keeping every trace. Only one stack is loaded
 * at a time, in rounds whose order turns, after a warm-up of each, so that drift on the shared
 * machine (other work, the databases growing) falls on all alike. The goal: under 5 % cost
 * in throughput and in p50 and p99 latency.
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
const ROUNDS = Number(arg('rounds', '5'));
const SECONDS = Number(arg('seconds', '10'));
const CONCURRENCY = Number(arg('concurrency', '20'));
const OUT = arg('out', join(root, 'bench', 'RESULTS-observability.md'));

const started = Date.now();
const log = (s: string): void => void process.stdout.write(`[${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s] ${s}\n`);

/** off: the default configuration; on: the default sampler (one trace in ten); all: every trace. */
type Side = 'off' | 'on' | 'all';

interface Stack {
  readonly side: Side;
  readonly gatewayPort: number;
  readonly db: TestDatabase;
  readonly prefix: string;
  /** The gateway and the questionnaire API: their CPU time is what tracing adds to. */
  readonly procs: readonly Proc[];
}

async function startStack(procs: Processes, side: Side, env: Record<string, string>, dataDir: string): Promise<Stack> {
  const db = await createTestDatabase(`obsbench_${side}`);
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
  const q = procs.start(`questionnaire (${side})`, [join(root, 'services/questionnaire/dist/main.js')], {
    ...common,
    SERVICE_NAME: 'questionnaire',
    PORT: String(ports.questionnaire),
  });
  await waitReady(ports.questionnaire, '/health/ready', q);
  const unused = `http://127.0.0.1:${await sparePort()}`;
  const gw = procs.start(`gateway (${side})`, [join(root, 'services/gateway/dist/main.js')], {
    ...common,
    SERVICE_NAME: 'gateway',
    PORT: String(ports.gateway),
    QUESTIONNAIRE_URL: `http://127.0.0.1:${ports.questionnaire}`,
    AGREEMENTS_URL: unused,
    MONITORING_URL: unused,
    RATE_LIMIT_ENABLED: 'false',
  });
  await waitReady(ports.gateway, '/health/live', gw);
  return { side, gatewayPort: ports.gateway, db, prefix, procs: [q, gw] };
}

async function round(stack: Stack, seconds: number, seed: number): Promise<LoadRun> {
  const target: ScreeningTarget = { port: stack.gatewayPort, startPath: '/api/v1/screenings' };
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

interface Totals {
  /** CPU seconds of the stack's two processes during its rounds. */
  cpu: number;
  screenings: number;
  seconds: number;
  errors: number;
  answers: Recorder;
  perRound: number[];
}

const pct = (r: number): string => `${r >= 1 ? '+' : '−'}${(Math.abs(r - 1) * 100).toFixed(1)} %`;
const median = (xs: readonly number[]): number => {
  const s = xs.slice().sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
};

async function main(): Promise<void> {
  const loadBefore = os
    .loadavg()
    .map((n) => n.toFixed(2))
    .join(' ');
  const pgVersion = execFileSync('psql', ['-h', '127.0.0.1', '-U', 'postgres', '-Atc', 'show server_version'], { encoding: 'utf8' }).trim();
  const procs = new Processes();
  const collector = new OtlpCollector(false);
  const dataDir = mkdtempSync(join(os.tmpdir(), 'obs-bench-'));
  const stacks: Stack[] = [];
  try {
    const endpoint = await collector.start();
    const on = { OTEL_EXPORTER_OTLP_ENDPOINT: endpoint, METRICS_ENABLED: 'true' };
    stacks.push(await startStack(procs, 'off', {}, dataDir));
    stacks.push(await startStack(procs, 'on', on, dataDir));
    stacks.push(await startStack(procs, 'all', { ...on, OTEL_TRACES_SAMPLER_ARG: '1' }, dataDir));
    log('stacks ready');
    for (const s of stacks) await round(s, 5, 1); // warm-up: JIT, pools, caches
    const totals = new Map<Side, Totals>(stacks.map((s) => [s.side, { cpu: 0, screenings: 0, seconds: 0, errors: 0, answers: new Recorder(), perRound: [] }]));
    for (let r = 0; r < ROUNDS; r++) {
      // The order turns every round: no side always follows the same other.
      const order = [...stacks.slice(r % stacks.length), ...stacks.slice(0, r % stacks.length)];
      for (const s of order) {
        const cpuBefore = cpuOf(s);
        const run = await round(s, SECONDS, r + 2);
        const t = totals.get(s.side) as Totals;
        t.cpu += cpuOf(s) - cpuBefore;
        t.screenings += run.iterations;
        t.seconds += run.seconds;
        t.errors += run.recorder.errors;
        t.perRound.push(run.perSecond);
        // Pooled latencies of every request of every round of this side.
        for (const kind of ['start', 'answer', 'complete']) for (const ms of run.recorder.samplesOf(kind)) t.answers.add('request', ms);
        log(`round ${r + 1} ${s.side}: ${run.perSecond.toFixed(1)} screenings/s, errors ${run.recorder.errors}`);
      }
    }
    const loadAfter = os
      .loadavg()
      .map((n) => n.toFixed(2))
      .join(' ');
    const figures = (side: Side) => {
      const t = totals.get(side) as Totals;
      return { t, tput: t.screenings / t.seconds, lat: t.answers.latencies('request'), cpuMs: (t.cpu * 1000) / Math.max(1, t.screenings) };
    };
    const off = figures('off');
    const label: Record<Side, string> = {
      off: 'off',
      on: 'on, default sampler (1 trace in 10)',
      all: 'on, every trace (OTEL_TRACES_SAMPLER_ARG=1)',
    };
    const rows = (['off', 'on', 'all'] as const).map((side) => {
      const f = figures(side);
      return `| ${label[side]} | ${f.tput.toFixed(1)} | ${f.lat.p50.toFixed(1)} | ${f.lat.p99.toFixed(1)} | ${f.cpuMs.toFixed(0)} | ${f.lat.n} | ${f.t.errors} |`;
    });
    const ratios = (['on', 'all'] as const).map((side) => {
      const f = figures(side);
      const r = { tput: f.tput / off.tput, p50: f.lat.p50 / off.lat.p50, p99: f.lat.p99 / off.lat.p99, cpu: f.cpuMs / off.cpuMs };
      const perRound = f.t.perRound.map((x, i) => x / (off.t.perRound[i] as number));
      const worst = Math.max(1 - r.tput, r.p50 - 1, r.p99 - 1);
      return { side, r, perRound, worst };
    });
    const md = [
      '# Observability cost: the screening path with traces and metrics off and on',
      '',
      `Run ${new Date(started).toISOString()} (bench/observability/run.ts), machine: ${machine()}; PostgreSQL ${pgVersion}; load average before ${loadBefore}, after ${loadAfter} (two shared cores: other work runs beside).`,
      '',
      `**Method.** Three stacks side by side, each the built gateway in front of the built questionnaire API with a database of its own: **off**, the default configuration; **on**, OTEL_EXPORTER_OTLP_ENDPOINT set to a stand-in OTLP/HTTP collector on localhost that accepts and discards (spans serialised and sent for real: ${collector.requests} export requests in the run) with the default sampler (parent-based, one new trace in ten), and METRICS_ENABLED=true; **all**, the same keeping every trace. ${CONCURRENCY} virtual users run full self-assessments (start, every answer until COMPLETED) through the gateway's REST route, closed loop, no think time. After a 5 s warm-up of each stack, ${ROUNDS} rounds of ${SECONDS} s per stack, one stack loaded at a time, the order turning every round so that drift falls on all alike; latency is per request, pooled over the rounds.`,
      '',
      '| | screenings/s | request p50 (ms) | request p99 (ms) | CPU ms per screening (gateway + API) | requests | errors |',
      '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
      ...rows,
      '',
      '| against off, same run | throughput | p50 | p99 | CPU per screening | throughput per round |',
      '| --- | ---: | ---: | ---: | ---: | --- |',
      ...ratios.map(
        (x) =>
          `| ${label[x.side]} | **${x.r.tput.toFixed(3)}** | **${x.r.p50.toFixed(3)}** | **${x.r.p99.toFixed(3)}** | **${x.r.cpu.toFixed(3)}** | ${x.perRound.map((v) => v.toFixed(2)).join(', ')} (median ${median(x.perRound).toFixed(3)}) |`,
      ),
      '',
      ...ratios.map(
        (x) =>
          `**Cost, ${label[x.side]}:** throughput ${pct(x.r.tput)}, p50 ${pct(x.r.p50)}, p99 ${pct(x.r.p99)}, CPU per screening ${pct(x.r.cpu)}; goal under 5 %: ${x.worst < 0.05 ? 'met' : 'not met'} (largest ${(x.worst * 100).toFixed(1)} %).`,
      ),
      '',
      'On a machine shared with other work the throughput and latency ratios move with what else runs during each round; the CPU time the two processes spend per screening (from /proc) depends much less on it, and is the figure to read first here.',
      '',
      'With tracing off no SDK is loaded: each queued job pays one boolean test (libs/shared/src/tracing). METRICS_ENABLED is set for both "on" stacks; where the metrics endpoint is not part of this build the variable is ignored and the figures are the cost of traces alone.',
    ].join('\n');
    writeFileSync(OUT, `${md}\n`);
    log(`written ${OUT}`);
  } finally {
    await procs.stopAll();
    await collector.stop();
    for (const s of stacks) {
      await s.db.drop().catch(() => undefined);
      await deleteRedisKeys(s.prefix).catch(() => undefined);
    }
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

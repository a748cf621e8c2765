/**
 * The cost of the metrics on the screening path: two questionnaire APIs (the built process, the
 * same database and Redis), one with METRICS_ENABLED=true (scraped every 5 s, as Prometheus would)
 * and one with false, loaded in turn with self-mode screenings run to completion, in ABBA rounds so
 * that a machine whose load drifts favours neither. Writes bench/RESULTS-metrics.md (or --out).
 *
 *   node -r ts-node/register/transpile-only bench/metrics/run.ts [--rounds 4] [--seconds 15] [--concurrency 8]
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { findRepoRoot } from '@inps/shared';
import { machine, runLoad, type BenchClient, type LoadResult } from '../lib/load';

const root = findRepoRoot(__dirname);
const arg = (name: string, fallback: string): string => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? (process.argv[i + 1] ?? fallback) : fallback;
};
const ROUNDS = Number(arg('rounds', '4'));
const SECONDS = Number(arg('seconds', '15'));
const CONCURRENCY = Number(arg('concurrency', '8'));
const OUT = arg('out', join(root, 'bench/RESULTS-metrics.md'));
const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

async function admin(sql: string): Promise<void> {
  const c = new Client({ connectionString: ADMIN_URL });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

async function startApi(port: number, env: Record<string, string>): Promise<ChildProcess> {
  const child = spawn(process.execPath, [join(root, 'services/questionnaire/dist/main.js')], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? os.tmpdir(), NODE_ENV: 'development', LOG_LEVEL: 'warn', PORT: String(port), ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  for (let i = 0; i < 600; i++) {
    const ok = await fetch(`http://127.0.0.1:${port}/health/ready`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return child;
    if (child.exitCode !== null) throw new Error(`the questionnaire API exited (${child.exitCode})`);
    await sleep(250);
  }
  throw new Error('the questionnaire API did not become ready');
}

type Question = { id: string; fact: string; type: string; options?: { value: string }[] };
type ScreeningBody = { id: string; status: string; nextQuestion: Question | null };

/** A self-mode screening answered with the most modest answers until it completes. */
async function screening(client: BenchClient): Promise<void> {
  let s = (await client.request('POST', '/api/v1/screenings', { mode: 'self', language: 'it' })).body as ScreeningBody;
  for (let step = 0; step < 60 && s.status === 'IN_PROGRESS' && s.nextQuestion; step++) {
    const q = s.nextQuestion;
    const value = q.type === 'boolean' ? false : q.type === 'choice' ? q.options?.[0]?.value : q.fact === 'householdSize' ? 1 : q.fact === 'age' ? 40 : 0;
    const next = await client.request('POST', `/api/v1/screenings/${s.id}/answers`, { questionId: q.id, value });
    if (next.status !== 200) throw new Error(`answer refused: ${next.status}`);
    s = next.body as ScreeningBody;
  }
  if (s.status !== 'COMPLETED') throw new Error(`screening ended ${s.status}`);
}

/**
 * CPU time (user + system, ms) a process has used, from /proc: on a machine shared with other work,
 * the CPU a process spends per screening varies far less than the screenings per second it serves.
 */
function cpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
}

function median(values: number[]): number {
  const sorted = values.slice().sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

async function main(): Promise<void> {
  const db = `bench_metrics_${process.pid}`;
  const dataDir = mkdtempSync(join(os.tmpdir(), 'inps-bench-metrics-'));
  await admin(`CREATE DATABASE ${db}`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${db}`;
  const common = { DATABASE_URL: url.toString(), REDIS_URL, DATA_DIR: dataDir, QUEUE_PREFIX: `bench-metrics-${process.pid}` };
  const procs: ChildProcess[] = [];
  try {
    const ports = { on: await freePort(), off: await freePort() };
    // One after the other: the first migrates.
    procs.push(await startApi(ports.on, { ...common, METRICS_ENABLED: 'true' }));
    procs.push(await startApi(ports.off, { ...common, METRICS_ENABLED: 'false', DATABASE_MIGRATE: 'false' }));
    const results: Record<'on' | 'off', LoadResult[]> = { on: [], off: [] };
    const cpuPerScreening: Record<'on' | 'off', number[]> = { on: [], off: [] };
    const pids = { on: procs[0]?.pid as number, off: procs[1]?.pid as number };
    const load = async (which: 'on' | 'off'): Promise<void> => {
      const cpuBefore = cpuMs(pids[which]);
      const scraper =
        which === 'on'
          ? setInterval(
              () =>
                void fetch(`http://127.0.0.1:${ports.on}/metrics`).then(
                  (r) => r.text(),
                  () => undefined,
                ),
              5000,
            )
          : undefined;
      try {
        const result = await runLoad({ base: `http://127.0.0.1:${ports[which]}`, concurrency: CONCURRENCY, durationMs: SECONDS * 1000, scenario: screening });
        results[which].push(result);
        cpuPerScreening[which].push((cpuMs(pids[which]) - cpuBefore) / result.iterations);
      } finally {
        clearInterval(scraper);
      }
    };
    // A warm-up of each, not counted.
    await runLoad({ base: `http://127.0.0.1:${ports.on}`, concurrency: CONCURRENCY, durationMs: 5000, scenario: screening });
    await runLoad({ base: `http://127.0.0.1:${ports.off}`, concurrency: CONCURRENCY, durationMs: 5000, scenario: screening });
    for (let round = 0; round < ROUNDS; round++) {
      const order: ('on' | 'off')[] = round % 2 === 0 ? ['on', 'off'] : ['off', 'on'];
      for (const which of order) await load(which);
      console.log(
        `round ${round + 1}: on ${results.on.at(-1)?.perSecond.toFixed(1)}/s ${cpuPerScreening.on.at(-1)?.toFixed(1)} CPU ms, off ${results.off.at(-1)?.perSecond.toFixed(1)}/s ${cpuPerScreening.off.at(-1)?.toFixed(1)} CPU ms`,
      );
    }
    // What each process spends with no request at all (the 'on' one scraped every 5 s): the fixed cost.
    const idleBefore = { on: cpuMs(pids.on), off: cpuMs(pids.off) };
    const idleScraper = setInterval(
      () =>
        void fetch(`http://127.0.0.1:${ports.on}/metrics`).then(
          (r) => r.text(),
          () => undefined,
        ),
      5000,
    );
    await sleep(SECONDS * 1000);
    clearInterval(idleScraper);
    const idle = { on: (cpuMs(pids.on) - idleBefore.on) / SECONDS, off: (cpuMs(pids.off) - idleBefore.off) / SECONDS };
    const rate = (which: 'on' | 'off'): number => median(results[which].map((r) => r.perSecond));
    const p50 = (which: 'on' | 'off'): number => median(results[which].map((r) => r.p50));
    const errors = [...results.on, ...results.off].reduce((n, r) => n + r.errors, 0);
    const cost = (1 - rate('on') / rate('off')) * 100;
    const cpu = (which: 'on' | 'off'): number => median(cpuPerScreening[which]);
    const cpuCost = (cpu('on') / cpu('off') - 1) * 100;
    const rows = results.on.map(
      (r, i) =>
        `| ${i + 1} | ${r.perSecond.toFixed(1)} | ${results.off[i]?.perSecond.toFixed(1)} | ${r.p50.toFixed(1)} | ${results.off[i]?.p50.toFixed(1)} | ${cpuPerScreening.on[i]?.toFixed(1)} | ${cpuPerScreening.off[i]?.toFixed(1)} |`,
    );
    const md = [
      '# Metrics overhead on the screening path',
      '',
      `Run ${new Date().toISOString()} on ${machine()}; load average at the end ${os
        .loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')} (other work shares the machine).`,
      '',
      `Method: two questionnaire API processes (built dist) on one database and Redis, METRICS_ENABLED=true (scraped every 5 s) and false;`,
      `${CONCURRENCY} virtual users run self-mode screenings to completion (start, every answer) for ${SECONDS} s per turn, in ${ROUNDS} ABBA rounds after a 5 s warm-up of each.`,
      `Per round: screenings per second, median request latency (ms), and the API process's CPU time per screening (ms, user + system from /proc),`,
      `the figure least disturbed by other work on the machine. Costs: CPU median(on) / median(off) − 1; throughput 1 − median(on) / median(off).`,
      '',
      '| round | on /s | off /s | on p50 ms | off p50 ms | on CPU ms/screening | off CPU ms/screening |',
      '| --- | --- | --- | --- | --- | --- | --- |',
      ...rows,
      '',
      `Median CPU per screening: on ${cpu('on').toFixed(1)} ms, off ${cpu('off').toFixed(1)} ms: **CPU cost ${cpuCost.toFixed(1)} %** (goal < 5 %).`,
      `Idle (no requests, ${SECONDS} s): on ${idle.on.toFixed(1)} CPU ms/s, off ${idle.off.toFixed(1)} CPU ms/s.`,
      `Median throughput: on ${rate('on').toFixed(1)}/s (p50 ${p50('on').toFixed(1)} ms), off ${rate('off').toFixed(1)}/s (p50 ${p50('off').toFixed(1)} ms): cost ${cost.toFixed(1)} %. Errors: ${errors}.`,
      '',
    ].join('\n');
    writeFileSync(OUT, md);
    console.log(md);
  } finally {
    for (const p of procs) p.kill('SIGTERM');
    await sleep(3000);
    await admin(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`).catch(() => undefined);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

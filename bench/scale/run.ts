/**
 * Scale benchmark (after `npm run build`): what a second process of a kind adds, one beside two in
 * the same run.
 *
 *   node -r ts-node/register/transpile-only bench/scale/run.ts [--seconds 12] [--events 4000] [--out FILE]
 *
 * On a throwaway database of the local PostgreSQL and a QUEUE_PREFIX of its own on the local Redis:
 *  1. screenings/s: self-mode screenings to COMPLETED (bench/system/screening.ts) at 40 concurrent,
 *     against one questionnaire API, then spread over two (virtual user u on API u mod 2), in the
 *     order 1, 2, 2, 1 so that drift on a shared machine falls on both sides alike;
 *  2. ingest events/s: `--events` screening.completed events put on the events queue as the outbox
 *     relay puts them (one addBulk), with one, then two, monitoring workers waiting on it; the time
 *     from the first add until every event has its processed_event row, in the order 1, 2, 2, 1.
 * Each process is the built service (dist/main.js, dist/worker.js) with its defaults. Stops what it
 * started, drops the database, deletes its Redis keys, writes `--out` (default bench/RESULTS-scale.md);
 * `npm run bench` (bench/run.ts) puts it into bench/RESULTS.md.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import Redis from 'ioredis';
import { Client } from 'pg';
import { createQueueBackendFrom, createTestDatabase, findRepoRoot, readTestEnvironment, type TestDatabase } from '@inps/shared';
import { loadTerritoryRegistry } from '@inps/territories';
import { Prng } from '../../services/monitoring/src/modules/seed/prng';
import { sparePort } from '../../test/support/ports';
import { machine } from '../lib/load';
import { closedLoop } from '../system/driver';
import { Processes, settle, waitReady, type Proc } from '../system/procs';
import { persona, rnd, screening } from '../system/screening';
import { screeningEvents } from '../system/screening-events';

const root = findRepoRoot(__dirname);
function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? (process.argv[i + 1] ?? fallback) : fallback;
}
const SECONDS = Number(arg('seconds', '12'));
const EVENTS = Number(arg('events', '4000'));
const OUT = arg('out', join(root, 'bench', 'RESULTS-scale.md'));
const CONCURRENCY = 40;
const ORDER = [1, 2, 2, 1] as const;

const started = Date.now();
const log = (s: string): void => void process.stdout.write(`[${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s] ${s}\n`);
const loadavg = (): string =>
  os
    .loadavg()
    .map((n) => n.toFixed(2))
    .join(' ');

interface Row {
  processes: number;
  perSecond: number;
  units: number;
  seconds: number;
  errors: number;
}

const mean = (rows: readonly Row[], n: number): number => {
  const mine = rows.filter((r) => r.processes === n);
  return mine.reduce((s, r) => s + r.units, 0) / mine.reduce((s, r) => s + r.seconds, 0);
};

async function count(url: string, sql: string): Promise<number> {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    return Number(((await c.query(sql)).rows[0] as { n: string | number }).n);
  } finally {
    await c.end();
  }
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

async function stop(procs: readonly Proc[]): Promise<void> {
  await Promise.all(
    procs.map(
      (p) =>
        new Promise<void>((resolve) => {
          if (p.child.exitCode !== null || p.child.signalCode !== null) return resolve();
          p.child.once('exit', () => resolve());
          p.child.kill('SIGTERM');
        }),
    ),
  );
}

async function main(): Promise<void> {
  const loadBefore = loadavg();
  const prefix = `scalebench${process.pid}`;
  const procs = new Processes();
  stopping = () => procs.stopAll();
  const dataDir = mkdtempSync(join(os.tmpdir(), 'scale-bench-'));
  let db: TestDatabase | undefined;
  const screeningRows: Row[] = [];
  const ingestRows: Row[] = [];
  try {
    db = await createTestDatabase('scalebench');
    const common = {
      DATABASE_URL: db.url,
      DATA_DIR: dataDir,
      HOST: '127.0.0.1',
      REDIS_URL: readTestEnvironment().redisUrl,
      QUEUE_PREFIX: prefix,
      NODE_ENV: 'development',
    };
    // Nothing listens there: the outcome's local part falls back at once (the same for one API or two).
    const apiEnv = { ...common, AGREEMENTS_URL: 'http://127.0.0.1:9' };
    // Ports the OS picks: a fixed one may be held by another run on a shared machine.
    const ports = [await sparePort(), await sparePort()];
    const monitoringPort = await sparePort();
    // One at a time: the second finds the schema migrated.
    for (const [i, port] of ports.entries()) {
      const p = procs.start(`questionnaire-${i}`, [join(root, 'services/questionnaire/dist/main.js')], { ...apiEnv, PORT: String(port) });
      await waitReady(port, '/health/ready', p);
    }
    const monitoringApi = procs.start('monitoring', [join(root, 'services/monitoring/dist/main.js')], { ...common, PORT: String(monitoringPort) });
    await waitReady(monitoringPort, '/health/ready', monitoringApi);
    log('APIs ready');

    // 1. Screenings/s, one API against two.
    let seed = 1;
    for (const n of ORDER) {
      const run = await closedLoop({
        concurrency: CONCURRENCY,
        durationMs: SECONDS * 1000,
        scenario: (http, rec, user) => screening(http, rec, { port: ports[user % n] as number, startPath: '/api/v1/screenings' }, persona(rnd(seed++))),
      });
      screeningRows.push({ processes: n, perSecond: run.perSecond, units: run.iterations, seconds: run.seconds, errors: run.recorder.errors });
      log(`screenings, ${n} API(s): ${run.perSecond.toFixed(1)}/s (${run.recorder.errors} errors)`);
    }
    await stop(procs.procs.filter((p) => p.name.startsWith('questionnaire')));

    // 2. Ingest events/s, one monitoring worker against two.
    const registry = loadTerritoryRegistry();
    const comuni = registry
      .all()
      .filter((t) => t.level === 'COMUNE' && t.validTo === null)
      .map((t) => t.istatCode);
    const backend = createQueueBackendFrom({ redisUrl: common.REDIS_URL, prefix });
    const events = backend.createQueue('events');
    const prng = new Prng(2026);
    const workers: Proc[] = [];
    const processed = (): Promise<number> => count(db?.url as string, `SELECT count(*) AS n FROM monitoring.processed_event`);
    let baseline = -1;
    try {
      for (const n of ORDER) {
        while (workers.length < n) workers.push(procs.start(`monitoring-worker-${workers.length}`, [join(root, 'services/monitoring/dist/worker.js')], common));
        while (workers.length > n) await stop([workers.pop() as Proc]);
        // A worker has no port: it is ready once it has registered on the queue, then given a moment.
        for (let i = 0; i < 600 && (await events.getWorkers()).length !== n; i++) await settle(100);
        // The screenings of part 1 left events on the queue: measured runs start once they are consumed.
        for (let last = -1, now = await processed(); now !== last; last = now, now = await processed()) await settle(2_000);
        if (baseline < 0) baseline = await count(db.url, `SELECT count(*) AS n FROM monitoring.screening_outcome`);
        const before = await processed();
        const list = screeningEvents(EVENTS, comuni, prng, '2026S1');
        const t0 = process.hrtime.bigint();
        await events.addBulk(list.map((m) => ({ name: m.type, data: m, opts: { jobId: m.id, removeOnComplete: true, removeOnFail: true } })));
        let done = 0;
        while (done < EVENTS) {
          await settle(50);
          done = (await processed()) - before;
        }
        const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
        ingestRows.push({ processes: n, perSecond: EVENTS / seconds, units: EVENTS, seconds, errors: 0 });
        log(`ingest, ${n} worker(s): ${(EVENTS / seconds).toFixed(0)} events/s`);
      }
    } finally {
      await events.close();
      await backend.close();
    }
    const outcomes = (await count(db.url, `SELECT count(*) AS n FROM monitoring.screening_outcome`)) - baseline;
    if (outcomes !== EVENTS * ORDER.length) throw new Error(`expected ${EVENTS * ORDER.length} outcomes, found ${outcomes}`);
  } finally {
    await procs.stopAll();
    await db?.drop().catch(() => undefined);
    await deleteRedisKeys(prefix).catch(() => undefined);
    rmSync(dataDir, { recursive: true, force: true });
  }

  const table = (title: string, unit: string, rows: readonly Row[], what: string): string[] => {
    const one = mean(rows, 1);
    const two = mean(rows, 2);
    return [
      `### ${title}`,
      '',
      `| ${what} | run | ${unit} | errors |`,
      '| --- | --- | --- | --- |',
      ...rows.map((r, i) => `| ${r.processes} | ${i + 1} | ${r.perSecond.toFixed(1)} | ${r.errors} |`),
      '',
      `Mean over the two runs of each: one ${one.toFixed(1)}, two ${two.toFixed(1)} ${unit}; **two / one = ${(two / one).toFixed(2)}**.`,
      '',
    ];
  };
  const doc = [
    '# Scale: one process of a kind against two',
    '',
    `Run ${new Date(started).toISOString()} with bench/scale/run.ts (${Math.round((Date.now() - started) / 1000)} s); machine: ${machine()};`,
    `load average before ${loadBefore}, after ${loadavg()}. The same database, Redis and machine for both sides, runs in the order`,
    `${ORDER.join(', ')} processes so that the machine's drift falls on both. On two cores shared with PostgreSQL, Redis and the load`,
    'driver, a second process can add only what the first left idle: the ratio says how much of the limit is one process.',
    '',
    ...table(
      `Screenings to COMPLETED per second (${CONCURRENCY} concurrent self-mode screenings, ${SECONDS} s a run, straight to the questionnaire APIs)`,
      'screenings/s',
      screeningRows,
      'questionnaire APIs',
    ),
    ...table(
      `Ingest: screening.completed events per second (${EVENTS} events a run, one addBulk, until every processed_event row is committed)`,
      'events/s',
      ingestRows,
      'monitoring workers',
    ),
  ].join('\n');
  writeFileSync(OUT, `${doc.trim()}\n`);
  log(`wrote ${OUT}`);
}

// Stopped from outside (Ctrl-C), the children go too.
for (const signal of ['SIGINT', 'SIGTERM'] as const)
  process.once(signal, () => {
    (stopping?.() ?? Promise.resolve()).then(
      () => process.exit(1),
      () => process.exit(1),
    );
  });
let stopping: (() => Promise<void>) | undefined;

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);

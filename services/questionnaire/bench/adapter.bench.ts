/**
 * Express against Fastify under Nest, on the screening answer path (issue 16, item 1; decision 0029).
 *
 *   node -r ts-node/register/transpile-only services/questionnaire/bench/adapter.bench.ts [--rounds 4] [--seconds 8] [--concurrency 50] [--warmup 15]
 *   … adapter.bench.ts --profile DIR [--seconds 8]   (one round with V8 --cpu-prof on each server, then the adapter shares)
 *
 * Each server runs in a child process of its own, so that its CPU time (process.cpuUsage, asked over
 * IPC before and after each load) is the server's alone; the load driver (api.bench.ts's scenario on
 * bench/lib/load.ts) stays in this process. The servers:
 *
 * - `express`: the API exactly as the API benchmark builds it (createTestApp: configureApp, logging
 *   silent, queues on Redis), GraphQL (Apollo's Express integration) included.
 * - `express-rest`: the same without the GraphQL module, which the Fastify build cannot carry (below).
 *   This is the like-for-like Express figure; `express` says what Apollo's mount costs REST requests.
 * - `fastify`: the same module as `express-rest` on @nestjs/platform-fastify, with configureApp's
 *   Express middleware ported to Fastify hooks in this file (configureFastify).
 * - `floor`: api.bench.ts's bare `http` server doing one INSERT per request, given as many requests
 *   per "screening" as the API needed on average.
 *
 * All four run at once, idle while another is measured; the order turns each round, so that a change
 * of load on this shared machine falls on every server alike.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import http from 'node:http';
import { join } from 'node:path';
import { Catch, HttpException, type ArgumentsHost, type DynamicModule, type ExceptionFilter, type INestApplication, type LoggerService } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { GraphQLModule } from '@nestjs/graphql';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import {
  createLogger,
  createTestApp,
  createTestDatabase,
  createTestTokens,
  errorCatalogue,
  errorLanguageOf,
  loadConfig,
  localizeErrorBody,
  MalformedBodyError,
  mapException,
  Metrics,
  nulByteError,
  nulBytePaths,
  PayloadTooLargeError,
  PinoNestLogger,
  QUEUE_BACKEND,
  RateLimitedError,
  RejectNulBytesPipe,
  requestIdOf,
  requestScope,
  resolveRequestId,
  setRequestId,
  statusClass,
  testQueuePrefix,
  testRedisUrl,
  UnsupportedMediaTypeError,
  validationPipe,
  withRequestId,
  type Env,
  type QueueBackend,
} from '@inps/shared';
import { runLoad } from '../../../bench/lib/load';
import { bucket, summarise } from '../../../bench/system/profile-summary';
import { AppModule } from '../src/app.module';
import { ScreeningsGraphQLModule } from '../src/modules/screenings/screenings.module';
import { questionnaireConfig, type QuestionnaireConfig } from '../src/questionnaire.config';
import { bareServer, persona, rnd, screening } from './api.bench';

const SERVERS = ['express', 'express-rest', 'fastify', 'floor'] as const;
type ServerName = (typeof SERVERS)[number];

// ---------------------------------------------------------------------------------------------
// The servers (child side)
// ---------------------------------------------------------------------------------------------

/** The app module without GraphQL: Apollo is mounted through its Express integration only. */
function restOnly(module: DynamicModule): DynamicModule {
  const imports = (module.imports ?? []).filter((m) => {
    const type = (m as DynamicModule).module ?? m;
    return type !== GraphQLModule && type !== ScreeningsGraphQLModule;
  });
  return { ...module, imports };
}

/** BODY_LIMIT (`100kb`, `1mb`: the config field allows b, kb, mb) in bytes, as Fastify's bodyLimit wants it. */
function bytes(limit: string): number {
  const m = /^(\d+)(b|kb|mb)$/i.exec(limit);
  if (!m) throw new Error(`BODY_LIMIT ${limit}`);
  return Number(m[1]) * { b: 1, kb: 1024, mb: 1024 * 1024 }[(m[2] as string).toLowerCase() as 'b' | 'kb' | 'mb'];
}

/** Fastify's own refusals (limit, media type) reach the filter as bare HttpExceptions: given our codes here. */
function fromFastify(exception: unknown): unknown {
  if (exception instanceof HttpException && exception.getStatus() === 413) return new PayloadTooLargeError(undefined, undefined, { cause: exception });
  if (exception instanceof HttpException && exception.getStatus() === 415) return new UnsupportedMediaTypeError(undefined, undefined, { cause: exception });
  return exception;
}

interface FastifyReplyLike {
  readonly sent: boolean;
  header(name: string, value: string): FastifyReplyLike;
  status(code: number): FastifyReplyLike;
  send(body: unknown): FastifyReplyLike;
}

/** HttpErrorFilter's logic on a Fastify reply (the shared one calls Express's res.setHeader and res.json). */
@Catch()
class FastifyErrorFilter implements ExceptionFilter {
  constructor(private readonly logger: LoggerService) {}

  catch(exception: unknown, host: ArgumentsHost): unknown {
    if (host.getType() !== 'http') return exception;
    const req = host.switchToHttp().getRequest<{ method: string; headers: Record<string, string | string[] | undefined> }>();
    const reply = host.switchToHttp().getResponse<FastifyReplyLike>();
    const mapped = mapException(fromFastify(exception));
    if (mapped.unexpected) {
      this.logger.error(
        { msg: 'unhandled error', requestId: requestIdOf(req as never), method: req.method, status: mapped.status, err: exception },
        undefined,
        'FastifyErrorFilter',
      );
    }
    if (reply.sent) return undefined;
    if (mapped.status === 401) reply.header('WWW-Authenticate', 'Bearer');
    if (exception instanceof RateLimitedError) reply.header('Retry-After', String(exception.retryAfterSeconds));
    const body = localizeErrorBody(mapped.body, mapped.status, errorLanguageOf(req));
    reply.header('Content-Language', body.error.language).status(mapped.status).send(body);
    return undefined;
  }
}

const STARTED = Symbol('bench.started');
const JSON_TYPE = /^application\/(?:[^;\s]+\+)?json\s*(?:;|$)/i;

/**
 * configureApp's pieces, each the closest Fastify equivalent (decision 0029 lists what differs):
 * Fastify's own body limit, a JSON parser answering MALFORMED_BODY, no other parser (so any other
 * media type is a 415, as requireJsonBody), the request id and the request line and metrics in
 * onRequest/onResponse hooks, the NUL-byte check, the request id's and requestScope's
 * AsyncLocalStorage entered in preHandler (after the body, as on Express), the same global pipes,
 * and the filter above.
 */
function configureFastify(app: NestFastifyApplication, adapter: FastifyAdapter, logger: ReturnType<typeof createLogger>): void {
  const nestLogger = new PinoNestLogger(logger);
  app.useLogger(nestLogger);
  const fastify = adapter.getInstance();
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser(JSON_TYPE, { parseAs: 'string' }, (_req, text, done) => {
    try {
      // express.json reads an empty body as {}; so does this.
      done(null, text === '' ? {} : (JSON.parse(text as string) as unknown));
    } catch (error) {
      done(new MalformedBodyError(undefined, undefined, { cause: error }), undefined);
    }
  });
  let metrics: Metrics | undefined;
  try {
    metrics = app.get(Metrics, { strict: false });
  } catch {
    metrics = undefined;
  }
  fastify.addHook('onRequest', (req, reply, done) => {
    (req as unknown as Record<symbol, bigint>)[STARTED] = process.hrtime.bigint();
    const requestId = resolveRequestId(req.headers['x-request-id']);
    setRequestId(req as never, requestId);
    void reply.header('x-request-id', requestId);
    done();
  });
  fastify.addHook('onResponse', (req, reply, done) => {
    const seconds = Number(process.hrtime.bigint() - (req as unknown as Record<symbol, bigint>)[STARTED]!) / 1e9;
    // The route pattern, as routeOf gives it on Express: never the URL with its ids.
    const route = req.routeOptions.url ?? '(unmatched)';
    const status = reply.statusCode;
    const line = { requestId: requestIdOf(req as never), method: req.method, route, status, durationMs: Math.round(seconds * 1e5) / 100 };
    if (status >= 500) logger.warn(line, 'request');
    else logger.info(line, 'request');
    if (metrics?.enabled) {
      metrics.httpRequests.inc({ route, method: req.method, status: String(status) });
      metrics.httpDuration.observe({ route, method: req.method, status_class: statusClass(status) }, seconds);
    }
    done();
  });
  const scope = requestScope();
  fastify.addHook('preHandler', (req, reply, done) => {
    const fields = nulBytePaths(req.query);
    if (req.url !== '/graphql') fields.push(...nulBytePaths(req.body));
    if (fields.length > 0) return done(nulByteError(fields.slice(0, 10)));
    // The handler runs synchronously inside done(): it and what it awaits see both stores.
    withRequestId(requestIdOf(req as never), () => scope(req, reply, () => done()));
  });
  errorCatalogue();
  app.useGlobalPipes(new RejectNulBytesPipe(), validationPipe());
  app.useGlobalFilters(new FastifyErrorFilter(nestLogger));
}

/** The environment createTestApp gives an app, with the API benchmark's additions. */
async function testEnv(name: string): Promise<Env> {
  const tokens = await createTestTokens();
  return {
    NODE_ENV: 'test',
    SERVICE_NAME: 'test',
    LOG_LEVEL: 'silent',
    AUTH_MODE: 'dev',
    AUTH_ISSUER: tokens.issuer,
    AUTH_AUDIENCE: tokens.audience,
    AUTH_DEV_PUBLIC_JWK: JSON.stringify(tokens.publicJwk),
    REDIS_URL: testRedisUrl(),
    QUEUE_PREFIX: testQueuePrefix(`bench-${name}`),
  };
}

interface Served {
  port: number;
  close(): Promise<void>;
}

async function serveFastify(): Promise<Served> {
  const env = await testEnv('fastify');
  const loaded = loadConfig(questionnaireConfig, env);
  const database = await createTestDatabase('test');
  const config = { ...loaded, DATABASE_URL: database.url } as QuestionnaireConfig;
  const logger = createLogger({ level: config.LOG_LEVEL, service: config.SERVICE_NAME });
  const adapter = new FastifyAdapter({ bodyLimit: bytes(config.BODY_LIMIT) });
  const app = await NestFactory.create<NestFastifyApplication>(restOnly(AppModule.forRoot(config)), adapter, {
    logger: new PinoNestLogger(logger),
    bodyParser: false,
    abortOnError: false,
  });
  configureFastify(app, adapter, logger);
  await app.init();
  await app.listen(0, '127.0.0.1');
  return {
    port: (app.getHttpServer().address() as { port: number }).port,
    close: async () => {
      await dropEvents(app);
      await app.close();
      await database.drop();
    },
  };
}

async function serveExpress(rest: boolean): Promise<Served> {
  const env = await testEnv(rest ? 'express-rest' : 'express');
  const t = await createTestApp((config) => (rest ? restOnly(AppModule.forRoot(config)) : AppModule.forRoot(config)), {
    config: questionnaireConfig,
    env: { REDIS_URL: env.REDIS_URL as string, QUEUE_PREFIX: env.QUEUE_PREFIX as string },
  });
  await t.app.listen(0, '127.0.0.1');
  return {
    port: (t.app.getHttpServer().address() as { port: number }).port,
    close: async () => {
      await dropEvents(t.app);
      await t.close();
    },
  };
}

async function serveFloor(): Promise<Served> {
  const db = await createTestDatabase('bench');
  const bare = await bareServer(db.url);
  return {
    port: bare.port,
    close: async () => {
      await bare.close();
      await db.drop();
    },
  };
}

/** The completed screenings' events stay in the queue for a week by design; a benchmark's must not. */
async function dropEvents(app: INestApplication): Promise<void> {
  const events = app.get<QueueBackend>(QUEUE_BACKEND).createQueue('events');
  await events.obliterate({ force: true }).catch(() => undefined);
  await events.close();
}

type ToChild = { type: 'cpu' } | { type: 'stop' };
type FromChild = { type: 'ready'; port: number; uptimeMs: number } | { type: 'cpu'; micros: number };

async function serve(name: ServerName): Promise<void> {
  const served = name === 'fastify' ? await serveFastify() : name === 'floor' ? await serveFloor() : await serveExpress(name === 'express-rest');
  const send = (m: FromChild) => process.send?.(m);
  process.on('message', (m: ToChild) => {
    if (m.type === 'cpu') {
      const u = process.cpuUsage();
      send({ type: 'cpu', micros: u.user + u.system });
    } else if (m.type === 'stop') {
      // process.exit (not a signal) so that --cpu-prof writes its profile.
      const exit = (code: number) => setTimeout(() => process.exit(code), 100);
      served.close().then(
        () => exit(0),
        (error: unknown) => {
          console.error(error);
          exit(1);
        },
      );
    }
  });
  send({ type: 'ready', port: served.port, uptimeMs: performance.now() });
}

// ---------------------------------------------------------------------------------------------
// The driver (parent side)
// ---------------------------------------------------------------------------------------------

class Server {
  private waiting: { resolve: (m: FromChild) => void; reject: (e: Error) => void }[] = [];
  port = 0;
  /** Seconds from the child's start to ready: the profile's start-up, left out of its summary. */
  startupSeconds = 0;

  constructor(
    readonly name: ServerName,
    private readonly child: ChildProcess,
  ) {
    child.on('message', (m: FromChild) => this.waiting.shift()?.resolve(m));
    child.on('exit', (code) => {
      if (code !== 0) process.stderr.write(`[adapter bench] ${name} exited with ${code}\n`);
      for (const w of this.waiting.splice(0)) w.reject(new Error(`${name} exited`));
    });
  }

  static async start(name: ServerName, profileDir?: string): Promise<Server> {
    const prof = profileDir ? ['--cpu-prof', '--cpu-prof-dir', profileDir, '--cpu-prof-name', `${name}.cpuprofile`] : [];
    const child = fork(__filename, ['--serve', name], {
      execArgv: ['-r', 'ts-node/register/transpile-only', ...prof],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const server = new Server(name, child);
    const ready = await server.next();
    if (ready.type !== 'ready') throw new Error(`${name}: ${ready.type}`);
    server.port = ready.port;
    server.startupSeconds = ready.uptimeMs / 1000;
    return server;
  }

  private next(): Promise<FromChild> {
    return new Promise((resolve, reject) => this.waiting.push({ resolve, reject }));
  }

  async cpuMicros(): Promise<number> {
    const reply = this.next();
    this.child.send({ type: 'cpu' } satisfies ToChild);
    const m = await reply;
    if (m.type !== 'cpu') throw new Error(`${this.name}: ${m.type}`);
    return m.micros;
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.send({ type: 'stop' } satisfies ToChild);
    const kill = setTimeout(() => this.child.kill('SIGKILL'), 20_000);
    await exited;
    clearTimeout(kill);
  }
}

interface Run {
  server: ServerName;
  round: number;
  screeningsPerSecond: number;
  cpuMsPerScreening: number;
  errors: number;
  refused: number;
  p50: number;
  p99: number;
  /** API servers: answers per screening (the floor gets their mean plus one, the start, as requests). */
  answers?: number;
  /** The floor: requests per screening it was given. */
  requests?: number;
}

const loadavg = (): string => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');

async function measure(
  server: Server,
  round: number,
  opts: { concurrency: number; seconds: number; requestsPerScreening: number; seed: number },
): Promise<Run> {
  const base = `http://127.0.0.1:${server.port}`;
  let answers = 0;
  // Every server of a round walks the same personas in the same order.
  const r = rnd(opts.seed);
  const before = await server.cpuMicros();
  const result =
    server.name === 'floor'
      ? await runLoad({
          base,
          concurrency: opts.concurrency,
          durationMs: opts.seconds * 1000,
          scenario: async (c) => {
            for (let i = 0; i < opts.requestsPerScreening; i++) await c.request('POST', '/answers', { questionId: 'age', value: 40 });
          },
        })
      : await runLoad({
          base,
          concurrency: opts.concurrency,
          durationMs: opts.seconds * 1000,
          scenario: async (c) => {
            // Not `answers += await …`: that reads `answers` before the await and loses the other users' additions.
            const n = await screening(c, persona(r));
            answers += n;
          },
        });
  const cpu = (await server.cpuMicros()) - before;
  const iterations = Math.max(1, result.iterations);
  return {
    server: server.name,
    round,
    screeningsPerSecond: result.perSecond,
    cpuMsPerScreening: cpu / 1000 / iterations,
    errors: result.errors,
    refused: result.refused,
    p50: result.p50,
    p99: result.p99,
    ...(server.name === 'floor' ? { requests: opts.requestsPerScreening } : { answers: answers / iterations }),
  };
}

/** Requests at the edges the ported pieces handle: each server must answer them alike (status, error code, headers). */
const PARITY: { name: string; method: string; path: string; body?: string; type?: string; headers?: Record<string, string> }[] = [
  { name: 'start', method: 'POST', path: '/api/v1/screenings', body: '{"mode":"self","language":"it"}', type: 'application/json' },
  { name: 'start, +json media type', method: 'POST', path: '/api/v1/screenings', body: '{"mode":"self"}', type: 'application/vnd.inps+json' },
  { name: 'malformed JSON', method: 'POST', path: '/api/v1/screenings', body: '{"mode":', type: 'application/json' },
  {
    name: 'body over BODY_LIMIT (256 kB)',
    method: 'POST',
    path: '/api/v1/screenings',
    body: `{"mode":"self","x":"${'a'.repeat(300 * 1024)}"}`,
    type: 'application/json',
  },
  { name: 'text/plain body', method: 'POST', path: '/api/v1/screenings', body: 'mode=self', type: 'text/plain' },
  { name: 'form body', method: 'POST', path: '/api/v1/screenings', body: 'mode=self', type: 'application/x-www-form-urlencoded' },
  { name: 'NUL in a body string', method: 'POST', path: '/api/v1/screenings', body: '{"mode":"se\\u0000lf"}', type: 'application/json' },
  { name: 'NUL in the query', method: 'GET', path: '/api/v1/screenings/by-code/ABCDEFGH?language=%00' },
  { name: 'validation (unknown mode)', method: 'POST', path: '/api/v1/screenings', body: '{"mode":"other"}', type: 'application/json' },
  {
    name: 'validation, English asked',
    method: 'POST',
    path: '/api/v1/screenings',
    body: '{"mode":"other"}',
    type: 'application/json',
    headers: { 'accept-language': 'en' },
  },
  { name: 'bad uuid param', method: 'POST', path: '/api/v1/screenings/not-a-uuid/answers', body: '{"questionId":"age","value":1}', type: 'application/json' },
  { name: 'unknown screening', method: 'GET', path: '/api/v1/screenings/00000000-0000-4000-8000-000000000000' },
  { name: 'guarded route, no token', method: 'GET', path: '/api/v1/screenings' },
  { name: 'no such route', method: 'GET', path: '/api/v1/nothing' },
  { name: 'caller request id kept', method: 'GET', path: '/api/v1/nothing', headers: { 'x-request-id': 'bench-parity-1' } },
];

interface ParityAnswer {
  status: number;
  code: string;
  headers: string;
}

function ask(port: number, r: (typeof PARITY)[number]): Promise<ParityAnswer> {
  return new Promise((resolve, reject) => {
    const body = r.body === undefined ? undefined : Buffer.from(r.body);
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        method: r.method,
        path: r.path,
        headers: { ...r.headers, ...(body ? { 'content-type': r.type ?? '', 'content-length': body.length } : {}) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          let code = '';
          try {
            const parsed = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { error?: { code?: string } };
            code = parsed.error?.code ?? '';
          } catch {
            code = '(not JSON)';
          }
          const id = res.headers['x-request-id'];
          const headers = [
            `content-language=${res.headers['content-language'] ?? '-'}`,
            `www-authenticate=${res.headers['www-authenticate'] ?? '-'}`,
            `x-request-id=${id === undefined ? '-' : r.headers?.['x-request-id'] === id ? 'as sent' : 'set'}`,
          ].join(' ');
          resolve({ status: res.statusCode ?? 0, code, headers });
        });
      },
    );
    req.on('error', reject);
    if (body) req.write(body);
    req.end();
  });
}

/** Each PARITY request to each API server; the lines where a server differs from the first one. */
async function parity(servers: Server[]): Promise<string[]> {
  const apis = servers.filter((s) => s.name !== 'floor');
  const lines: string[] = [];
  for (const r of PARITY) {
    const answers = await Promise.all(apis.map(async (s) => [s.name, await ask(s.port, r)] as const));
    const [, first] = answers[0] as (typeof answers)[number];
    const same = answers.every(([, a]) => a.status === first.status && a.code === first.code && a.headers === first.headers);
    lines.push(`${same ? 'same' : 'DIFFERS'}  ${r.name}: ${answers.map(([n, a]) => `${n} ${a.status} ${a.code || '-'} ${a.headers}`).join(' | ')}`);
  }
  return lines;
}

const median = (xs: number[]): number => {
  const s = xs.slice().sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
};

const LABELS: Record<ServerName, string> = {
  express: 'Express, as production (configureApp, GraphQL mounted)',
  'express-rest': 'Express, configureApp, no GraphQL module (like for like)',
  fastify: 'Fastify, configureApp ported to hooks, no GraphQL module',
  floor: 'bare Node http + one INSERT per request (floor)',
};

function table(runs: Run[]): string {
  const f = (n: number, d = 1) => n.toFixed(d);
  const by = (s: ServerName) => runs.filter((r) => r.server === s);
  const floor = by('floor');
  const floorRate = median(floor.map((r) => r.screeningsPerSecond));
  const floorCpu = median(floor.map((r) => r.cpuMsPerScreening));
  // Paired by round: the machine's load changes between rounds, far less within one.
  const vsExpress = (s: ServerName, pick: (r: Run) => number): string => {
    const ratios = by(s).flatMap((r) => {
      const e = runs.find((x) => x.server === 'express-rest' && x.round === r.round);
      return e ? [pick(r) / pick(e) - 1] : [];
    });
    return ratios.length ? `${f(100 * median(ratios), 1)} % (${ratios.map((x) => f(100 * x, 0)).join(', ')})` : '';
  };
  const lines = [
    '| server | screenings/s (median; each round) | CPU ms per screening (median; each round) | × floor, screenings/s | × floor, CPU | CPU per screening vs Express like for like, same round (median; each round) | screenings/s vs the same | p50 / p99 ms per request (median) | 5xx / 4xx |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const s of SERVERS) {
    const rs = by(s);
    if (rs.length === 0) continue;
    const rate = median(rs.map((r) => r.screeningsPerSecond));
    const cpu = median(rs.map((r) => r.cpuMsPerScreening));
    lines.push(
      `| ${LABELS[s]} | ${f(rate)} (${rs.map((r) => f(r.screeningsPerSecond)).join(', ')}) | ${f(cpu, 2)} (${rs.map((r) => f(r.cpuMsPerScreening, 2)).join(', ')}) | ${floor.length ? `${f(floorRate / rate, 2)}×` : ''} | ${floor.length ? `${f(cpu / floorCpu, 2)}×` : ''} | ${s === 'floor' ? '' : vsExpress(s, (r) => r.cpuMsPerScreening)} | ${s === 'floor' ? '' : vsExpress(s, (r) => r.screeningsPerSecond)} | ${f(median(rs.map((r) => r.p50)), 2)} / ${f(median(rs.map((r) => r.p99)), 2)} | ${rs.reduce((a, r) => a + r.errors, 0)} / ${rs.reduce((a, r) => a + r.refused, 0)} |`,
    );
  }
  return lines.join('\n');
}

/** Self time of the HTTP layer's packages, as a share of the process's busy time after start-up. */
const ADAPTER_PACKAGES: Record<string, readonly string[]> = {
  'Express (express, router, body-parser and their helpers, @nestjs/platform-express)': [
    'express',
    'router',
    'body-parser',
    'raw-body',
    'finalhandler',
    'on-finished',
    'type-is',
    'content-type',
    'media-typer',
    'mime-types',
    'accepts',
    'negotiator',
    'qs',
    'path-to-regexp',
    'send',
    'etag',
    'fresh',
    'statuses',
    'depd',
    'iconv-lite',
    'parseurl',
    'encodeurl',
    'cookie',
    'proxy-addr',
    'forwarded',
    'vary',
    'content-disposition',
    'http-errors',
    'range-parser',
    '@nestjs/platform-express',
  ],
  'Fastify (fastify, find-my-way, @fastify/*, their helpers, @nestjs/platform-fastify)': [
    'fastify',
    'find-my-way',
    'avvio',
    'light-my-request',
    'fast-json-stringify',
    'secure-json-parse',
    'fast-querystring',
    'fast-decode-uri-component',
    'toad-cache',
    'rfdc',
    'abstract-logging',
    'process-warning',
    'ret',
    'safe-regex2',
    '@fastify/middie',
    '@fastify/formbody',
    'fastify-plugin',
    'fastq',
    'reusify',
    '@fastify/error',
    '@fastify/ajv-compiler',
    '@fastify/fast-json-stringify-compiler',
    '@fastify/proxy-addr',
    '@fastify/forwarded',
    '@nestjs/platform-fastify',
  ],
  'Nest core (@nestjs/core, @nestjs/common)': ['@nestjs/core', '@nestjs/common'],
  'Node internals (http, net, streams) and native': ['node: internals', '(native / V8)'],
  'garbage collector': ['(garbage collector)'],
};

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
}

function adapterShares(file: string, skipSeconds: number): { busySeconds: number; shares: [string, number][] } {
  const p = JSON.parse(readFileSync(file, 'utf8')) as { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] };
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const byBucket = new Map<string, number>();
  let clock = 0;
  let busy = 0;
  p.samples.forEach((id, i) => {
    const dt = p.timeDeltas[i] ?? 0;
    clock += dt;
    const n = byId.get(id);
    if (clock < skipSeconds * 1e6 || !n || n.callFrame.functionName === '(idle)') return;
    busy += dt;
    const b = bucket(n.callFrame.url, n.callFrame.functionName);
    byBucket.set(b, (byBucket.get(b) ?? 0) + dt);
  });
  const shares = Object.entries(ADAPTER_PACKAGES).map(([label, pkgs]): [string, number] => [
    label,
    pkgs.reduce((a, pkg) => a + (byBucket.get(pkg) ?? 0), 0) / busy,
  ]);
  return { busySeconds: busy / 1e6, shares };
}

async function main(): Promise<void> {
  const arg = (name: string, d: number): number => {
    const i = process.argv.indexOf(`--${name}`);
    return i > 0 ? Number(process.argv[i + 1]) : d;
  };
  const pi = process.argv.indexOf('--profile');
  const profileDir = pi > 0 ? process.argv[pi + 1] : undefined;
  if (profileDir) mkdirSync(profileDir, { recursive: true });
  const concurrency = arg('concurrency', 50);
  const seconds = arg('seconds', 8);
  const rounds = profileDir ? 1 : arg('rounds', 4);
  // A first run with 3 s of warm-up had Fastify 11–22 % cheaper in the first rounds and level by
  // the fifth: what was measured there was how soon each server's code was optimised, not its cost.
  const warmup = arg('warmup', 15);
  const names: ServerName[] = profileDir ? ['express-rest', 'fastify'] : [...SERVERS];
  const servers: Server[] = [];
  const runs: Run[] = [];
  const loads: string[] = [];
  try {
    // One at a time: four Nest start-ups at once on two cores would only be slower.
    for (const name of names) servers.push(await Server.start(name, profileDir));
    const check = await parity(servers);
    process.stderr.write(`${check.join('\n')}\n`);
    // Warm-up (JIT, pools, rule-set cache), which also gives the floor its requests per screening.
    const answers: number[] = [];
    for (const s of servers) {
      if (s.name === 'floor') continue;
      const w = await measure(s, 0, { concurrency, seconds: warmup, requestsPerScreening: 0, seed: 7 });
      answers.push(w.answers ?? 0);
    }
    const floorServer = servers.find((s) => s.name === 'floor');
    if (floorServer) await measure(floorServer, 0, { concurrency: 10, seconds: 1, requestsPerScreening: 1, seed: 7 });
    // The warm-up's answers count too: the same personas' generator, so the same mean within noise.
    const requestsPerScreening = () => Math.round(answers.reduce((a, b) => a + b, 0) / answers.length) + 1;
    for (let round = 1; round <= rounds; round++) {
      const before = loadavg();
      // Rotate the order each round.
      const order = servers.map((_, i) => servers[(i + round - 1) % servers.length] as Server);
      for (const s of order) {
        const run = await measure(s, round, { concurrency, seconds, requestsPerScreening: requestsPerScreening(), seed: 1000 + round });
        if (run.answers !== undefined) answers.push(run.answers);
        runs.push(run);
        process.stderr.write(
          `round ${round} ${s.name}: ${run.screeningsPerSecond.toFixed(1)} screenings/s, ${run.cpuMsPerScreening.toFixed(2)} CPU ms per screening\n`,
        );
      }
      loads.push(`round ${round}: ${before} → ${loadavg()}`);
    }
    const measured = runs.flatMap((r) => (r.answers === undefined ? [] : [r.answers]));
    const meanAnswers = measured.reduce((a, b) => a + b, 0) / Math.max(1, measured.length);
    console.log(
      [
        `${rounds} round(s) of ${seconds} s per server after ${warmup} s of warm-up each, ${concurrency} concurrent screenings, ${meanAnswers.toFixed(1)} answers per screening on average (the floor: ${[...new Set(runs.flatMap((r) => (r.requests === undefined ? [] : [r.requests])))].join(' or ')} requests per screening).`,
        `Load average (1, 5, 15 min) before → after each round: ${loads.join('; ')}.`,
        '',
        table(runs),
        '',
        'Same answers at the edges (status, error code, Content-Language, WWW-Authenticate, X-Request-Id):',
        '',
        ...check.map((l) => `- ${l}`),
      ].join('\n'),
    );
  } finally {
    for (const s of servers) await s.stop();
  }
  if (profileDir) {
    const files = readdirSync(profileDir);
    for (const s of servers) {
      const file = files.find((f) => f === `${s.name}.cpuprofile`);
      if (!file) continue;
      const { busySeconds, shares } = adapterShares(join(profileDir, file), s.startupSeconds);
      console.log(
        `\n${s.name}: ${busySeconds.toFixed(1)} s busy after the first ${s.startupSeconds.toFixed(1)} s (start-up left out; warm-up and load kept), self time by layer:`,
      );
      for (const [label, share] of shares) console.log(`  ${(100 * share).toFixed(1).padStart(5)} %  ${label}`);
      console.log('');
      console.log(summarise(join(profileDir, file), 14, s.startupSeconds).slice(1).join('\n'));
    }
  }
}

if (require.main === module) {
  const si = process.argv.indexOf('--serve');
  const job = si > 0 ? serve(process.argv[si + 1] as ServerName) : main();
  job.catch((e: unknown) => {
    console.error(e);
    process.exit(1);
  });
}

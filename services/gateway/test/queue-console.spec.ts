/**
 * The queue console (/admin/queues) on real stores: Redis, and BullMQ's PostgreSQL backend. Jobs are
 * failed by a real worker, then listed, retried and discarded through the console's API, with a
 * central token in the header or in the console's session cookie; other roles and anonymous callers
 * are refused.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { NestExpressApplication } from '@nestjs/platform-express';
import {
  createLogger,
  createQueueBackendFrom,
  createTestDatabase,
  createTestTokens,
  eventually,
  fromConfig,
  loadConfig,
  testQueuePrefix,
  testRedisUrl,
  type QueueBackend,
  type TestDatabase,
  type TestTokens,
} from '@inps/shared';
import type { Queue, Worker } from 'bullmq';
import request from 'supertest';
import { createGatewayApp } from '../src/app/gateway.app';
import { gatewayConfig } from '../src/gateway.config';
import { CLOSE_IDLE_JOB } from '../../questionnaire/src/modules/housekeeping/housekeeping-jobs';
import { DAILY_JOB } from '../../agreements/src/modules/scheduler/agreement-jobs';
import { agreementsConfig } from '../../agreements/src/agreements.config';
import { REPORT_JOB } from '../../monitoring/src/modules/reports/report-job';
import { monitoringConfig } from '../../monitoring/src/monitoring.config';
import { questionnaireConfig } from '../../questionnaire/src/questionnaire.config';

jest.setTimeout(60_000);

const DEAD = 'http://127.0.0.1:9';
const PATH = '/admin/queues';

interface QueueApi {
  queues: { name: string; counts: Record<string, number>; jobs: { id: string; name: string; failedReason?: string; data?: unknown }[] }[];
}

async function startGateway(tokens: TestTokens, env: Record<string, string>): Promise<NestExpressApplication> {
  const config = loadConfig(gatewayConfig, {
    NODE_ENV: 'test',
    QUESTIONNAIRE_URL: DEAD,
    AGREEMENTS_URL: DEAD,
    MONITORING_URL: DEAD,
    RATE_LIMIT_ENABLED: 'false',
    AUTH_DEV_PUBLIC_JWK: JSON.stringify(tokens.publicJwk),
    AUTH_ISSUER: tokens.issuer,
    AUTH_AUDIENCE: tokens.audience,
    ...env,
  });
  const app = await createGatewayApp(config, { logger: createLogger({ level: 'silent', service: 'gateway' }) });
  await app.listen(0, '127.0.0.1');
  return app;
}

it('lists every queue the services declare by default', () => {
  const declared = [
    fromConfig(CLOSE_IDLE_JOB.queue.name, loadConfig(questionnaireConfig, {})),
    fromConfig(DAILY_JOB.queue.name, loadConfig(agreementsConfig, {})),
    fromConfig(REPORT_JOB.queue.name, loadConfig(monitoringConfig, {})),
    loadConfig(monitoringConfig, {}).EVENTS_QUEUE,
    loadConfig(questionnaireConfig, {}).EVENTS_QUEUE,
    loadConfig(agreementsConfig, {}).EVENTS_QUEUE,
  ];
  const shown = loadConfig(gatewayConfig, {}).QUEUE_CONSOLE_QUEUES;
  expect([...new Set(declared)].sort()).toEqual([...shown].sort());
});

describe.each(['redis', 'postgres'] as const)('queue console on %s', (kind) => {
  let tokens: TestTokens;
  let db: TestDatabase | undefined;
  let backend: QueueBackend;
  let app: NestExpressApplication;
  let http: ReturnType<typeof request>;
  let reports: Queue;
  let worker: Worker | undefined;
  let central: string;
  let reportsName: string;
  const prefix = testQueuePrefix(`qc${kind.slice(0, 1)}`);

  beforeAll(async () => {
    tokens = await createTestTokens();
    central = await tokens.central();
    const env: Record<string, string> = { QUEUE_PREFIX: prefix };
    if (kind === 'redis') env.REDIS_URL = testRedisUrl();
    else {
      db = await createTestDatabase('qc');
      env.QUEUE_DATABASE_URL = db.url;
    }
    backend = createQueueBackendFrom({ redisUrl: env.REDIS_URL, databaseUrl: env.QUEUE_DATABASE_URL, prefix });
    reports = backend.createQueue('reports');
    reportsName = backend.queueName('reports');
    app = await startGateway(tokens, env);
    http = request(app.getHttpServer() as Server);
  });

  afterAll(async () => {
    await worker?.close();
    await app?.close();
    await reports?.obliterate({ force: true }).catch(() => undefined);
    await reports?.close();
    await backend?.close();
    await db?.drop();
  });

  /** Three report jobs, each failed by a worker after its single attempt, and one left waiting. */
  async function failSome(): Promise<string[]> {
    const added = await Promise.all(['a', 'b', 'c'].map((n) => reports.add('report', { reportId: n }, { attempts: 1, jobId: `${prefix}-${n}` })));
    worker = backend.createWorker('reports', () => Promise.reject(new Error('the store of report files is full')));
    await eventually('three failed jobs', async () => (await reports.getJobCounts('failed')).failed === 3, 20_000);
    await worker.close();
    worker = undefined;
    await reports.add('report', { reportId: 'waiting' }, { jobId: `${prefix}-waiting` });
    return added.map((j) => j.id as string);
  }

  const api = (path: string) => `${PATH}/api/queues${path}`;
  const listFailed = async (auth: (r: request.Test) => request.Test): Promise<QueueApi> => {
    const res = await auth(http.get(api('')).query({ activeQueue: reportsName, status: 'failed', page: 1, jobsPerPage: 50 })).expect(200);
    return res.body as QueueApi;
  };
  const bearer = (token: string) => (r: request.Test) => r.set('authorization', `Bearer ${token}`);

  it('lists the failed jobs with their reasons, retries one and discards another; refuses anything else', async () => {
    const [retried, discarded, kept] = await failSome();
    const listed = await listFailed(bearer(central));
    expect(listed.queues.map((q) => q.name)).toEqual(
      expect.arrayContaining([backend.queueName('events'), reportsName, backend.queueName('agreements.scheduler')]),
    );
    const queue = listed.queues.find((q) => q.name === reportsName);
    expect(queue?.counts).toMatchObject({ failed: 3, waiting: 1 });
    expect(queue?.jobs.map((j) => j.id).sort()).toEqual([retried, discarded, kept].sort());
    expect(queue?.jobs.every((j) => j.failedReason === 'the store of report files is full')).toBe(true);

    const encoded = encodeURIComponent(reportsName);
    await bearer(central)(http.put(api(`/${encoded}/${retried}/retry`))).expect(204);
    expect(await (await reports.getJob(retried as string))?.getState()).toBe('waiting');
    await bearer(central)(http.put(api(`/${encoded}/${discarded}/clean`))).expect(204);
    expect(await reports.getJob(discarded as string)).toBeUndefined();

    // Only failed jobs, and only retry or discard.
    await bearer(central)(http.put(api(`/${encoded}/${prefix}-waiting/clean`))).expect(403);
    await bearer(central)(http.put(api(`/${encoded}/empty`))).expect(403);
    await bearer(central)(http.put(api(`/${encoded}/obliterate`))).expect(403);
    await bearer(central)(http.post(api(`/${encoded}/add`)).send({ name: 'report', data: {} })).expect(403);
    await bearer(central)(http.put(api(`/${encoded}/pause`))).expect(403);
    expect(await reports.getJobCounts('failed', 'waiting')).toEqual({ failed: 1, waiting: 2 });

    // Discarding all of a queue's failed jobs at once (bull-board spares those failed in the last 5 s).
    await eventually(
      'the failed set emptied',
      async () => {
        await bearer(central)(http.put(api(`/${encoded}/clean/failed`))).expect(200);
        return (await reports.getJobCounts('failed')).failed === 0;
      },
      { timeoutMs: 20_000, everyMs: 1_000 },
    );
    expect(await reports.getJob(kept as string)).toBeUndefined();
  });

  it('refuses other roles (403) and callers without a token (401), on the page and the API', async () => {
    const operator = await tokens.operator('caritas-roma');
    const dg = await tokens.dg();
    for (const path of [`${PATH}/`, api('')]) {
      const anonymous = await http.get(path).expect(401);
      expect(anonymous.body.error.code).toBe('UNAUTHORIZED');
      for (const token of [operator, dg]) {
        const refused = await http.get(path).set('authorization', `Bearer ${token}`).expect(403);
        expect(refused.body.error.code).toBe('FORBIDDEN');
      }
      await http.get(path).set('authorization', 'Bearer not-a-token').expect(401);
    }
    await http.post(`${PATH}/session`).set('authorization', `Bearer ${operator}`).expect(403);
    await http
      .put(api(`/${encodeURIComponent(reportsName)}/clean/failed`))
      .set('authorization', `Bearer ${operator}`)
      .expect(403);
  });

  it('opens a browser session with a short-lived HttpOnly, SameSite=Strict cookie scoped to the console', async () => {
    const opened = await http.post(`${PATH}/session`).set('authorization', `Bearer ${central}`).expect(204);
    const setCookie = String(opened.headers['set-cookie']);
    expect(setCookie).toMatch(/^inps_queue_console=[^;]+; Path=\/admin\/queues; Max-Age=(\d+); HttpOnly; SameSite=Strict$/);
    const maxAge = Number(/Max-Age=(\d+)/.exec(setCookie)?.[1]);
    expect(maxAge).toBeGreaterThan(0);
    expect(maxAge).toBeLessThanOrEqual(900);
    const cookie = setCookie.split(';')[0] as string;

    const listed = await listFailed((r) => r.set('cookie', cookie));
    expect(listed.queues.some((q) => q.name === reportsName)).toBe(true);
    // A change from another site's page is refused even with the cookie.
    await http
      .put(api(`/${encodeURIComponent(reportsName)}/clean/failed`))
      .set('cookie', cookie)
      .set('origin', 'https://elsewhere.example')
      .expect(403);

    const closed = await http.delete(`${PATH}/session`).expect(204);
    expect(String(closed.headers['set-cookie'])).toMatch(/^inps_queue_console=; Path=\/admin\/queues; Max-Age=0;/);
    await http.get(api('')).set('cookie', 'inps_queue_console=forged').expect(401);
  });

  it('serves its page and assets from the gateway only, under a strict content security policy', async () => {
    const page = await http.get(`${PATH}/`).set('authorization', `Bearer ${central}`).expect(200);
    const csp = String(page.headers['content-security-policy']);
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(page.headers['cache-control']).toBe('no-store');
    const html = page.text;
    expect(html).toContain(`<base href="${PATH}/"`);
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//i);
    const assets = [...html.matchAll(/(?:src|href)="(static\/[^"]+)"/g)].map((m) => m[1] as string);
    expect(assets.some((a) => a.endsWith('.js'))).toBe(true);
    for (const asset of assets) await http.get(`${PATH}/${asset}`).set('authorization', `Bearer ${central}`).expect(200);
  });
});

/**
 * The events monitoring refused are kept by monitoring (services/monitoring/test/refused-events.spec.ts):
 * the console reads and retries them through monitoring's API with the caller's token, for central only.
 */
describe('queue console: refused events, through monitoring', () => {
  let tokens: TestTokens;
  let app: NestExpressApplication;
  let http: ReturnType<typeof request>;
  let monitoring: Server;
  const calls: { method: string; url: string; authorization: string | undefined }[] = [];
  const EVENT = '3f2b8c1e-9a4d-4e7b-8c2a-5d6e7f8a9b0c';

  beforeAll(async () => {
    tokens = await createTestTokens();
    monitoring = createServer((req, res) => {
      calls.push({ method: req.method ?? '', url: req.url ?? '', authorization: req.headers.authorization });
      res.setHeader('content-type', 'application/json');
      if (req.method === 'GET') res.end(JSON.stringify([{ id: EVENT, type: 'agreement.reviewed', status: 'refused' }]));
      else res.end(JSON.stringify({ id: EVENT, status: 'retried' }));
    });
    await new Promise<void>((resolve) => monitoring.listen(0, '127.0.0.1', resolve));
    const { port } = monitoring.address() as AddressInfo;
    app = await startGateway(tokens, { REDIS_URL: testRedisUrl(), QUEUE_PREFIX: testQueuePrefix('qcr'), MONITORING_URL: `http://127.0.0.1:${port}/` });
    http = request(app.getHttpServer() as Server);
  });
  afterAll(async () => {
    await app?.close();
    await new Promise((resolve) => monitoring?.close(resolve));
  });

  it('lists and retries them with the central session, passing the token on; refuses other roles and no token before asking monitoring', async () => {
    const central = await tokens.central();
    const cookie = String((await http.post(`${PATH}/session`).set('authorization', `Bearer ${central}`).expect(204)).headers['set-cookie']).split(
      ';',
    )[0] as string;
    const listed = await http.get(`${PATH}/refused-events`).set('cookie', cookie).expect(200);
    expect(listed.body).toEqual([{ id: EVENT, type: 'agreement.reviewed', status: 'refused' }]);
    const retried = await http.post(`${PATH}/refused-events/${EVENT}/retry`).set('cookie', cookie).expect(200);
    expect(retried.body).toEqual({ id: EVENT, status: 'retried' });
    expect(calls).toEqual([
      { method: 'GET', url: '/api/v1/refused-events', authorization: `Bearer ${central}` },
      { method: 'POST', url: `/api/v1/refused-events/${EVENT}/retry`, authorization: `Bearer ${central}` },
    ]);

    calls.length = 0;
    await http.post(`${PATH}/refused-events/${EVENT}/retry`).set('cookie', cookie).set('origin', 'https://elsewhere.example').expect(403);
    const operator = await tokens.operator('caritas-roma');
    expect((await http.get(`${PATH}/refused-events`).set('authorization', `Bearer ${operator}`).expect(403)).body.error.code).toBe('FORBIDDEN');
    await http.post(`${PATH}/refused-events/${EVENT}/retry`).set('authorization', `Bearer ${operator}`).expect(403);
    expect((await http.get(`${PATH}/refused-events`).expect(401)).body.error.code).toBe('UNAUTHORIZED');
    expect(calls).toEqual([]);
  });
});

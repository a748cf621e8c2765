import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  createLogger,
  createQueueBackendFrom,
  createTestTokens,
  eventually,
  loadConfig,
  testQueuePrefix,
  testRedisUrl,
  type QueueBackend,
  type TestTokens,
} from '@inps/shared';
import type { Queue } from 'bullmq';
import type { Browser } from 'playwright-core';
import { createGatewayApp } from '../services/gateway/src/app/gateway.app';
import { gatewayConfig } from '../services/gateway/src/gateway.config';
import { launchChromium } from './support/browser';

/**
 * The queue console as a central operator uses it, in Chromium: a session opened from the gateway's
 * own origin, the console page under its Content-Security-Policy with no request to another host, a
 * failed job shown with its reason and retried with the page's own button (Retry all).
 */
describe('the queue console in a real browser', () => {
  jest.setTimeout(180_000);

  const DEAD = 'http://127.0.0.1:9';
  const prefix = testQueuePrefix('qcb');
  let tokens: TestTokens;
  let backend: QueueBackend;
  let reports: Queue;
  let app: Awaited<ReturnType<typeof createGatewayApp>>;
  let base: string;
  let browser: Browser;

  beforeAll(async () => {
    tokens = await createTestTokens();
    backend = createQueueBackendFrom({ redisUrl: testRedisUrl(), prefix });
    reports = backend.createQueue('reports');
    const config = loadConfig(gatewayConfig, {
      NODE_ENV: 'test',
      QUESTIONNAIRE_URL: DEAD,
      AGREEMENTS_URL: DEAD,
      MONITORING_URL: DEAD,
      RATE_LIMIT_ENABLED: 'false',
      REDIS_URL: testRedisUrl(),
      QUEUE_PREFIX: prefix,
      AUTH_DEV_PUBLIC_JWK: JSON.stringify(tokens.publicJwk),
      AUTH_ISSUER: tokens.issuer,
      AUTH_AUDIENCE: tokens.audience,
    });
    app = await createGatewayApp(config, { logger: createLogger({ level: 'silent', service: 'gateway' }) });
    await app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${((app.getHttpServer() as Server).address() as AddressInfo).port}`;
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await reports?.obliterate({ force: true }).catch(() => undefined);
    await reports?.close();
    await backend?.close();
  });

  it('shows a failed job with its reason and retries it, loading nothing from elsewhere', async () => {
    await reports.add('report', { reportId: 'r1' }, { attempts: 1, jobId: `${prefix}-r1` });
    const worker = backend.createWorker('reports', () => Promise.reject(new Error('the store of report files is full')));
    await eventually('a failed job', async () => (await reports.getJobCounts('failed')).failed === 1, 20_000);
    await worker.close();

    const context = await browser.newContext();
    const page = await context.newPage();
    const problems: string[] = [];
    const elsewhere: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error' && /Content Security Policy|Refused to/i.test(m.text())) problems.push(m.text());
    });
    page.on('pageerror', (e) => problems.push(String(e)));
    page.on('request', (r) => {
      if (!r.url().startsWith(`${base}/`) && !r.url().startsWith('data:')) elsewhere.push(r.url());
    });

    // Without a session the console is refused.
    expect((await page.goto(`${base}/admin/queues/`))?.status()).toBe(401);
    // The session is opened from the gateway's own origin, as a page of it would.
    await page.goto(`${base}/health/live`);
    const central = await tokens.central();
    const opened = await page.evaluate(
      async (token) => (await fetch('/admin/queues/session', { method: 'POST', headers: { authorization: `Bearer ${token}` } })).status,
      central,
    );
    expect(opened).toBe(204);
    const cookie = (await context.cookies()).find((c) => c.name === 'inps_queue_console');
    expect(cookie).toMatchObject({ path: '/admin/queues', httpOnly: true, sameSite: 'Strict' });

    const queueName = backend.queueName('reports');
    await page.goto(`${base}/admin/queues/queue/${encodeURIComponent(queueName)}?status=failed`);
    await page.getByText('the store of report files is full').first().waitFor({ timeout: 30_000 });
    await page.getByRole('button', { name: 'Retry all' }).click();
    // bull-board asks for a confirmation of actions on a whole state.
    await page.getByRole('alertdialog').getByRole('button', { name: 'Confirm' }).click();
    await eventually('the job waiting again', async () => (await (await reports.getJob(`${prefix}-r1`))?.getState()) === 'waiting', 20_000);

    expect(problems).toEqual([]);
    expect(elsewhere).toEqual([]);
    await context.close();
  });
});

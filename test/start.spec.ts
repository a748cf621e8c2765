import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { portOpen, sparePort } from './support/ports';

const ROOT = join(__dirname, '..');

interface Stack {
  readonly output: () => string;
  readonly stop: () => Promise<number | null>;
}

/** Runs scripts/start.ts until it prints that the stack is running (demo data included). */
async function startStack(env: NodeJS.ProcessEnv): Promise<Stack> {
  const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', join(ROOT, 'scripts/start.ts')], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const stop = async () => {
    if (child.exitCode === null) child.kill('SIGINT');
    const killer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    const code = await exited;
    clearTimeout(killer);
    return code;
  };
  for (let i = 0; i < 600 && !output.includes('INPS per tutti is running') && child.exitCode === null; i++) await new Promise((r) => setTimeout(r, 500));
  if (!output.includes('INPS per tutti is running')) {
    await stop();
    throw new Error(`the stack did not start:\n${output.slice(-4000)}`);
  }
  return { output: () => output, stop };
}

/**
 * `npm start` with no configuration: an embedded PostgreSQL in a fresh data folder, queues on
 * PostgreSQL, the gateway, every API and worker, the demo data; a screening runs through the
 * gateway; Ctrl-C stops everything; a second start on the same data works and loads nothing twice.
 * Uses the built dist (npm test builds first) and spare ports, never the machine's shared servers.
 */
describe('npm start with no configuration', () => {
  jest.setTimeout(600_000);

  it('serves the whole stack on an embedded PostgreSQL, loads the demo once, and stops cleanly on Ctrl-C', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'inps-start-'));
    // Run as root, the embedded server runs as the postgres user, which must be able to enter the folder.
    chmodSync(dataDir, 0o755);
    const [dbPort, gatewayPort, apiPort, agreementsPort, monitoringPort] = [
      await sparePort(),
      await sparePort(),
      await sparePort(),
      await sparePort(),
      await sparePort(),
    ];
    const metricsPorts = { gateway: await sparePort(), questionnaire: await sparePort(), agreements: await sparePort(), monitoring: await sparePort() };
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      DATA_DIR: dataDir,
      EMBEDDED_DB_PORT: String(dbPort),
      GATEWAY_PORT: String(gatewayPort),
      QUESTIONNAIRE_PORT: String(apiPort),
      AGREEMENTS_PORT: String(agreementsPort),
      MONITORING_PORT: String(monitoringPort),
      GATEWAY_METRICS_PORT: String(metricsPorts.gateway),
      QUESTIONNAIRE_WORKER_METRICS_PORT: String(metricsPorts.questionnaire),
      AGREEMENTS_WORKER_METRICS_PORT: String(metricsPorts.agreements),
      MONITORING_WORKER_METRICS_PORT: String(metricsPorts.monitoring),
      LOG_LEVEL: 'warn',
    };
    try {
      const first = await startStack(env);
      let stopped = false;
      try {
        const gateway = `http://127.0.0.1:${gatewayPort}`;
        expect(first.output()).toContain(`${gateway}/graphql`);
        // The web client (apps/web/dist, built by npm run build) at the root.
        const page = await fetch(`${gateway}/`);
        expect(page.status).toBe(200);
        expect(await page.text()).toMatch(/<script type="module"[^>]* src="\/assets\/index-[\w-]+\.js"/);
        expect(first.output()).toMatch(/demo data +loaded: 9 agreements, 16 outreach events, \d+ screenings, \d+ follow-ups/);
        const central = /^ {4}central +(\S+)$/m.exec(first.output())?.[1];
        expect(central).toBeDefined();

        const res = await fetch(`${gateway}/api/v1/screenings`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ mode: 'self', language: 'en' }),
        });
        expect(res.status).toBe(201);
        expect(((await res.json()) as { nextQuestion: { fact: string } }).nextQuestion.fact).toBe('age');

        // The signed demo agreements become ACTIVE through the agreements worker, without waiting for the night.
        let active = 0;
        for (let i = 0; i < 120 && active < 9; i++) {
          const list = await fetch(`${gateway}/api/v1/agreements?status=ACTIVE&limit=100`, { headers: { authorization: `Bearer ${central}` } });
          active = ((await list.json()) as { items: unknown[] }).items.length;
          if (active < 9) await new Promise((r) => setTimeout(r, 500));
        }
        expect(active).toBe(9);

        // Every process's metrics, as printed: the APIs on their ports, the gateway and workers on side ports.
        const printed = [...first.output().matchAll(/(http:\/\/127\.0\.0\.1:\d+)\/metrics/g)].map((m) => m[1]);
        expect(new Set(printed)).toEqual(
          new Set([apiPort, agreementsPort, monitoringPort, ...Object.values(metricsPorts)].map((p) => `http://127.0.0.1:${p}`)),
        );
        for (const base of printed) expect(await (await fetch(`${base}/metrics`)).text()).toContain('process_resident_memory_bytes');
        // The queue console sees the queues of the three services (here on PostgreSQL), for the central role.
        expect(first.output()).toContain(`${gateway}/admin/queues/`);
        const consoleAnswer = await fetch(`${gateway}/admin/queues/api/queues`, { headers: { authorization: `Bearer ${central}` } });
        expect(consoleAnswer.status).toBe(200);
        const queueNames = ((await consoleAnswer.json()) as { queues: { name: string }[] }).queues.map((q) => q.name);
        expect(queueNames).toEqual(expect.arrayContaining(['inps.events', 'inps.questionnaire.housekeeping', 'inps.agreements.scheduler', 'inps.reports']));

        expect(await first.stop()).toBe(0);
        stopped = true;
        for (const p of [gatewayPort, apiPort, agreementsPort, monitoringPort, dbPort, ...Object.values(metricsPorts)]) expect(await portOpen(p)).toBe(false);
      } finally {
        if (!stopped) await first.stop();
      }

      const second = await startStack(env);
      try {
        expect(second.output()).toContain('demo data      already loaded');
      } finally {
        expect(await second.stop()).toBe(0);
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

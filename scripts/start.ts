/**
 * `npm start`: the whole local stack in one command. Without DATABASE_URL it starts one embedded
 * PostgreSQL under DATA_DIR (shared by every service, each in its own schema, and by BullMQ when
 * REDIS_URL is not set), migrates each service once, then runs each API and worker as a child
 * process. Ctrl-C stops the children first, then the database.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { baseConfig, loadConfig, port, startEmbeddedPostgres, str } from '@inps/shared';

const ROOT = join(__dirname, '..');
const launcherConfig = baseConfig.extend({
  SERVICE_NAME: str({ default: 'launcher' }),
  QUESTIONNAIRE_PORT: port({ default: 3001 }),
  AGREEMENTS_PORT: port({ default: 3002 }),
  MONITORING_PORT: port({ default: 3003 }),
});

interface Proc {
  name: string;
  script: string;
  env: Record<string, string>;
}

function services(config: { QUESTIONNAIRE_PORT: number; AGREEMENTS_PORT: number; MONITORING_PORT: number }): Proc[] {
  return [
    { name: 'questionnaire', script: 'services/questionnaire/dist/main.js', env: { SERVICE_NAME: 'questionnaire', PORT: String(config.QUESTIONNAIRE_PORT) } },
    { name: 'questionnaire-worker', script: 'services/questionnaire/dist/worker.js', env: { SERVICE_NAME: 'questionnaire' } },
    { name: 'agreements', script: 'services/agreements/dist/main.js', env: { SERVICE_NAME: 'agreements', PORT: String(config.AGREEMENTS_PORT) } },
    { name: 'agreements-worker', script: 'services/agreements/dist/worker.js', env: { SERVICE_NAME: 'agreements' } },
    { name: 'monitoring', script: 'services/monitoring/dist/main.js', env: { SERVICE_NAME: 'monitoring', PORT: String(config.MONITORING_PORT) } },
    { name: 'monitoring-worker', script: 'services/monitoring/dist/worker.js', env: { SERVICE_NAME: 'monitoring' } },
  ];
}

function run(p: Proc, env: NodeJS.ProcessEnv): ChildProcess {
  const child = spawn(process.execPath, [join(ROOT, p.script)], { env: { ...env, ...p.env }, stdio: ['ignore', 'inherit', 'inherit'] });
  child.on('exit', (code, signal) => {
    if (!stopping) {
      console.error(`${p.name} exited (${signal ?? code}); stopping the stack`);
      void stop(1);
    }
  });
  return child;
}

let stopping = false;
const children: ChildProcess[] = [];
let stopDatabase: () => Promise<void> = async () => undefined;

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
  process.once('SIGINT', () => void stop(0));
  process.once('SIGTERM', () => void stop(0));
  for (const p of services(config)) children.push(run(p, env));
  const q = `http://127.0.0.1:${config.QUESTIONNAIRE_PORT}`;
  const a = `http://127.0.0.1:${config.AGREEMENTS_PORT}`;
  const m = `http://127.0.0.1:${config.MONITORING_PORT}`;
  console.log(
    [
      '',
      'INPS per tutti is starting:',
      `  questionnaire  ${q}/api/v1/screenings   docs: ${q}/docs   GraphQL: ${q}/graphql`,
      `  agreements     ${a}/api/v1/agreements     docs: ${a}/docs   GraphQL: ${a}/graphql`,
      `  monitoring     ${m}/api/v1/reports        docs: ${m}/docs   GraphQL: ${m}/graphql`,
      `  health         ${q}/health/ready   ${a}/health/ready   ${m}/health/ready`,
      '  a token:       node libs/shared/dist/auth/dev-token.cli.js central   (roles: central dg territorial partner_admin operator partner_app)',
      `  try:  curl -s -XPOST ${q}/api/v1/screenings -H "content-type: application/json" -d '{"mode":"self","language":"en"}'`,
      '  Ctrl-C stops everything.',
      '',
    ].join('\n'),
  );
}

main().catch((error: unknown) => {
  console.error(error);
  void stop(1);
});

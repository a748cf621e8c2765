/**
 * Idle memory of the stack: starts the seven processes of `npm start` (each service's API and
 * worker, and the gateway) from their built `dist` as bench/system/run.ts does, on a throwaway
 * database and queue prefix, waits until they are ready and then `--settle` ms more, and prints
 * each process's VmRSS (the lowest of three samples a second apart) and the total.
 *
 *   npm run build && node -r ts-node/register/transpile-only bench/system/idle-memory.ts [--settle 8000] [-- node flags…]
 *
 * Node flags after `--` are given to every process (to try V8 settings such as --max-semi-space-size).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { createTestDatabase, findRepoRoot, readTestEnvironment } from '@inps/shared';
import { Processes, settle, waitReady } from './procs';

const PORTS = { gateway: 4320, questionnaire: 4321, agreements: 4322, monitoring: 4323 };
const HOST = '127.0.0.1';

async function main(): Promise<void> {
  const root = findRepoRoot();
  const at = process.argv.indexOf('--settle');
  const settleMs = at > 0 ? Number(process.argv[at + 1]) : 8000;
  const dash = process.argv.indexOf('--');
  const flags = dash > 0 ? process.argv.slice(dash + 1) : [];
  const procs = new Processes();
  const dataDir = mkdtempSync(join(os.tmpdir(), 'idle-memory-'));
  const db = await createTestDatabase('idlemem');
  try {
    const common = {
      DATABASE_URL: db.url,
      DATA_DIR: dataDir,
      HOST,
      REDIS_URL: readTestEnvironment().redisUrl,
      QUEUE_PREFIX: `idlemem${process.pid}`,
      NODE_ENV: 'development',
    };
    // One at a time: their migrations share the database.
    for (const name of ['questionnaire', 'agreements', 'monitoring'] as const) {
      const p = procs.start(name, [join(root, `services/${name}/dist/main.js`)], { ...common, SERVICE_NAME: name, PORT: String(PORTS[name]) }, flags);
      await waitReady(PORTS[name], '/health/ready', p);
    }
    for (const name of ['questionnaire', 'agreements', 'monitoring'] as const)
      procs.start(`${name}-worker`, [join(root, `services/${name}/dist/worker.js`)], { ...common, SERVICE_NAME: name }, flags);
    const gateway = procs.start(
      'gateway',
      [join(root, 'services/gateway/dist/main.js')],
      {
        ...common,
        SERVICE_NAME: 'gateway',
        PORT: String(PORTS.gateway),
        QUESTIONNAIRE_URL: `http://${HOST}:${PORTS.questionnaire}`,
        AGREEMENTS_URL: `http://${HOST}:${PORTS.agreements}`,
        MONITORING_URL: `http://${HOST}:${PORTS.monitoring}`,
      },
      flags,
    );
    await waitReady(PORTS.gateway, '/health/ready', gateway);
    await settle(settleMs);
    const samples: Map<string, number>[] = [];
    for (let i = 0; i < 3; i++) {
      samples.push(procs.sampleOnce());
      await settle(1000);
    }
    let total = 0;
    for (const p of procs.procs) {
      const kib = Math.min(...samples.map((s) => s.get(p.name) ?? Infinity));
      total += kib;
      console.log(`${p.name.padEnd(22)} ${(kib / 1024).toFixed(0)} MiB`);
    }
    console.log(`${'all'.padEnd(22)} ${(total / 1024).toFixed(0)} MiB`);
  } finally {
    await procs.stopAll();
    await db.drop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);

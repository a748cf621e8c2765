/**
 * `npm run bench -w services/gateway` (after `npm run build`): the same GraphQL operations through
 * Hive Gateway (Rust query planner), through Apollo Gateway, and straight to a subgraph, with
 * autocannon against localhost. Starts the three services (built dist) on a throwaway database of
 * the local PostgreSQL, and the two gateways as child processes, then writes
 * bench/RESULTS-gateway.md at the repository root.
 *
 * BENCH_SECONDS (default 10) per run; connections 10 and 50.
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { createTestDatabase, findRepoRoot } from '@inps/shared';

interface AutocannonResult {
  latency: { p50: number; p99: number; average: number };
  requests: { average: number; total: number };
  non2xx: number;
  errors: number;
  timeouts: number;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const autocannon = require('autocannon') as (opts: Record<string, unknown>) => Promise<AutocannonResult>;

const root = findRepoRoot(__dirname);
const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = [10, 50];
const PORTS = { questionnaire: 4101, agreements: 4102, monitoring: 4103, hive: 4100, apollo: 4200 };

const OPERATIONS = {
  small: { label: 'small: organisations (agreements only)', query: '{ organisations { id name kind } }', direct: PORTS.agreements },
  federated: {
    label: 'federated: organisations with their returns (agreements + monitoring, one _entities call)',
    query: '{ organisations { id name kind returns { semester status } } }',
    // The closest single-subgraph call: the organisations alone, from their owner.
    direct: PORTS.agreements,
    directQuery: '{ organisations { id name kind } }',
  },
  federated3: {
    label: 'federated3: the same plus ruleSets (questionnaire): three subgraphs',
    query: '{ organisations { id name kind returns { semester status } } ruleSets { id } }',
    direct: PORTS.agreements,
    directQuery: '{ organisations { id name kind } }',
  },
} as const;

const children: ChildProcess[] = [];

function start(script: string, env: Record<string, string>): void {
  const child = spawn(process.execPath, [join(root, script)], { env: { ...process.env, LOG_LEVEL: 'warn', ...env }, stdio: ['ignore', 'ignore', 'inherit'] });
  children.push(child);
}

async function waitReady(port: number, path = '/health/live'): Promise<void> {
  for (let i = 0; i < 600; i++) {
    try {
      const res = await fetch(`http://127.0.0.1:${port}${path}`);
      if (res.ok) return;
    } catch {
      // not yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`port ${port} never became ready`);
}

async function post(port: number, query: string, token: string): Promise<unknown> {
  const res = await fetch(`http://127.0.0.1:${port}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query }),
  });
  return res.json();
}

interface Row {
  operation: string;
  target: string;
  connections: number;
  p50: number;
  p99: number;
  rps: number;
  failures: number;
}

async function load(port: number, query: string, token: string, connections: number): Promise<AutocannonResult> {
  return autocannon({
    url: `http://127.0.0.1:${port}/graphql`,
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query }),
    connections,
    duration: seconds,
  });
}

async function main(): Promise<void> {
  const db = await createTestDatabase('bench_gateway');
  const dataDir = mkdtempSync(join(os.tmpdir(), 'gateway-bench-'));
  const rows: Row[] = [];
  const loadBefore = os
    .loadavg()
    .map((n) => n.toFixed(2))
    .join(' ');
  try {
    const common = { DATABASE_URL: db.url, DATA_DIR: dataDir };
    // One at a time: their migrations share the database.
    for (const name of ['questionnaire', 'agreements', 'monitoring'] as const) {
      start(`services/${name}/dist/main.js`, { ...common, PORT: String(PORTS[name]) });
      await waitReady(PORTS[name], '/health/ready');
    }
    const urls = {
      QUESTIONNAIRE_URL: `http://127.0.0.1:${PORTS.questionnaire}`,
      AGREEMENTS_URL: `http://127.0.0.1:${PORTS.agreements}`,
      MONITORING_URL: `http://127.0.0.1:${PORTS.monitoring}`,
      RATE_LIMIT_ENABLED: 'false',
      NODE_ENV: 'development',
    };
    start('services/gateway/dist/main.js', { ...urls, PORT: String(PORTS.hive), GATEWAY_RUNTIME: 'hive' });
    start('services/gateway/dist/main.js', { ...urls, PORT: String(PORTS.apollo), GATEWAY_RUNTIME: 'apollo' });
    await Promise.all([waitReady(PORTS.hive), waitReady(PORTS.apollo)]);
    const token = execFileSync(process.execPath, [join(root, 'libs/shared/dist/auth/dev-token.cli.js'), 'central'], {
      env: { ...process.env, DATA_DIR: dataDir },
      encoding: 'utf8',
    })
      .trim()
      .split('\n')
      .pop() as string;

    for (const [key, op] of Object.entries(OPERATIONS)) {
      const directQuery = 'directQuery' in op ? op.directQuery : op.query;
      // The answers must be equal through both gateways (and without errors), else the figures mean nothing.
      const [viaHive, viaApollo, direct] = [
        await post(PORTS.hive, op.query, token),
        await post(PORTS.apollo, op.query, token),
        await post(op.direct, directQuery, token),
      ];
      for (const [name, answer] of [
        ['hive', viaHive],
        ['apollo', viaApollo],
        ['direct', direct],
      ] as const) {
        if ((answer as { errors?: unknown }).errors) throw new Error(`${key} through ${name} answered errors: ${JSON.stringify(answer)}`);
      }
      if (JSON.stringify(viaHive) !== JSON.stringify(viaApollo)) throw new Error(`${key}: Hive and Apollo answer differently`);
      const targets: [string, number, string][] = [
        ['direct subgraph', op.direct, directQuery],
        ['Hive Gateway', PORTS.hive, op.query],
        ['Apollo Gateway', PORTS.apollo, op.query],
      ];
      // Warm-up (JIT, connection pools, query plan caches), not recorded.
      for (const [, port, query] of targets)
        await autocannon({
          url: `http://127.0.0.1:${port}/graphql`,
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify({ query }),
          connections: 10,
          duration: 3,
        });
      for (const connections of CONNECTIONS) {
        for (const [target, port, query] of targets) {
          const r = await load(port, query, token, connections);
          const row = {
            operation: key,
            target,
            connections,
            p50: r.latency.p50,
            p99: r.latency.p99,
            rps: r.requests.average,
            failures: r.non2xx + r.errors + r.timeouts,
          };
          rows.push(row);
          process.stdout.write(
            `${key.padEnd(10)} ${target.padEnd(16)} c=${String(connections).padEnd(3)} p50=${row.p50} ms p99=${row.p99} ms ${row.rps.toFixed(0)} req/s failures=${row.failures}\n`,
          );
        }
      }
    }
  } finally {
    for (const c of children) c.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 2000));
    await db.drop().catch(() => undefined);
    rmSync(dataDir, { recursive: true, force: true });
  }
  writeResults(rows, loadBefore);
}

function writeResults(rows: readonly Row[], loadBefore: string): void {
  const versions = (pkg: string): string => {
    try {
      return (JSON.parse(readFileSync(join(root, 'node_modules', pkg, 'package.json'), 'utf8')) as { version: string }).version;
    } catch {
      return '?';
    }
  };
  const cpus = os.cpus();
  const lines: string[] = [
    '# Gateway runtime benchmark',
    '',
    `Run ${new Date().toISOString()} with \`npm run build && npm run bench -w services/gateway\`.`,
    '',
    `- Machine: ${cpus.length} × ${cpus[0]?.model ?? '?'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB RAM, ${os.type()} ${os.release()}, Node ${process.version}`,
    `- Load average before / after: ${loadBefore} / ${os
      .loadavg()
      .map((n) => n.toFixed(2))
      .join(' ')} (a shared machine: compare ratios, measured under the same conditions)`,
    `- Versions: @graphql-hive/gateway-runtime ${versions('@graphql-hive/gateway-runtime')}, @graphql-hive/router-runtime ${versions('@graphql-hive/router-runtime')} (query planner ${versions('@graphql-hive/router-query-planner')}), @apollo/gateway ${versions('@apollo/gateway')}, @nestjs/apollo ${versions('@nestjs/apollo')}, @apollo/server ${versions('@apollo/server')}, autocannon ${versions('autocannon')}`,
    '',
    '## Method',
    '',
    'The three services (built `dist`, one process each, on a throwaway database of the local PostgreSQL, queues on PostgreSQL) and two gateway',
    'processes (`GATEWAY_RUNTIME=hive` and `apollo`, same code, same middleware: limits, headers, logging at `warn`; rate limits off) on localhost.',
    `autocannon (in the bench process) POSTs the same operation with a central token for ${seconds} s per run with 10 and then 50 connections,`,
    'after one discarded warm-up run per operation. Both gateways must return the same answer, without errors, before timing starts.',
    '"direct subgraph" is the same small query sent to its subgraph without a gateway; for the federated operations it is the',
    'agreements part alone (`organisations { id name kind }`) sent to agreements: what a client pays without federation.',
    'Everything shares the same cores, so absolute figures are low; the ratios are what the choice rests on.',
    '',
    '## Results',
    '',
    '| operation | target | connections | p50 ms | p99 ms | req/s | failures | req/s vs direct | p50 vs direct |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const r of rows) {
    const direct = rows.find((d) => d.operation === r.operation && d.connections === r.connections && d.target === 'direct subgraph');
    const ratio = (a: number, b: number | undefined): string => (b && b > 0 ? `${(a / b).toFixed(2)}×` : '');
    lines.push(
      `| ${r.operation} | ${r.target} | ${r.connections} | ${r.p50} | ${r.p99} | ${r.rps.toFixed(0)} | ${r.failures} | ${ratio(r.rps, direct?.rps)} | ${ratio(r.p50, direct?.p50)} |`,
    );
  }
  lines.push('', '## Hive vs Apollo', '', '| operation | connections | Hive req/s ÷ Apollo req/s | Apollo p99 ÷ Hive p99 |', '| --- | ---: | ---: | ---: |');
  for (const op of Object.keys(OPERATIONS)) {
    for (const c of CONNECTIONS) {
      const hive = rows.find((r) => r.operation === op && r.connections === c && r.target === 'Hive Gateway');
      const apollo = rows.find((r) => r.operation === op && r.connections === c && r.target === 'Apollo Gateway');
      if (hive && apollo) lines.push(`| ${op} | ${c} | ${(hive.rps / apollo.rps).toFixed(2)} | ${(apollo.p99 / Math.max(hive.p99, 0.001)).toFixed(2)} |`);
    }
  }
  lines.push(
    '',
    'Reading the federated rows: both gateways reach the same ceiling there, set by the monitoring subgraph resolving',
    '`Organisation.returns` through `_entities` for every organisation (one database query per organisation), not by',
    'the gateways; the gateway overhead proper shows in the `small` rows.',
  );
  lines.push(
    '',
    `Operations: ${Object.values(OPERATIONS)
      .map((o) => `${o.label}: \`${o.query}\``)
      .join('; ')}.`,
    '',
  );
  writeFileSync(join(root, 'bench', 'RESULTS-gateway.md'), lines.join('\n'));
  process.stdout.write(`\nwrote bench/RESULTS-gateway.md\n`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    for (const c of children) c.kill('SIGTERM');
    process.stderr.write(`bench failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);

/**
 * `npm run bench` (after the build): every benchmark of the system, one after the other so that
 * they do not share the cores, then bench/RESULTS.md with each part's machine, method, figures,
 * same-run baselines and goals:
 *   1. the questionnaire alone: the engine against hand-written baselines, the REST API against a bare
 *      Node server (services/questionnaire/bench/run.ts);
 *   2. the take-away sheet (PDF) in four scripts beside the semiannual report's PDF, at 20 concurrent
 *      (bench/sheet/run.ts);
 *   3. the whole system: screenings through the gateway vs direct vs a bare server at 50 and 200
 *      concurrent screenings, a federated query vs the client's own calls, report compilation and
 *      ingest at 100,000 and 1,000,000 screenings, and the RSS of every process (bench/system/run.ts);
 *   4. the web client: its compressed size and its load on a throttled slow 3G connection in Chromium,
 *      beside an empty page from the same server (bench/web/run.ts);
 *   5. scale: screenings/s with one questionnaire API against two, and ingest events/s with one
 *      monitoring worker against two (bench/scale/run.ts).
 *   6. observability: screenings through the gateway with metrics and traces off, metrics only,
 *      metrics and traces at the default sampler, and every trace, in alternating rounds
 *      (bench/observability/run.ts).
 * Arguments after `--` go to the system part (e.g. `npm run bench -- --scales 50000,200000`).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { findRepoRoot } from '@inps/shared';
import { machine } from './lib/load';

const root = findRepoRoot(__dirname);

function run(label: string, script: string, args: readonly string[]): void {
  console.log(`\n== ${label}`);
  const r = spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', script, ...args], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`${label} failed (exit ${r.status ?? r.signal})`);
}

/** One level down, so that each part's "# title" becomes a section of the whole. */
const demote = (markdown: string): string => markdown.replace(/^(#{1,5}) /gm, '#$1 ');

function main(): void {
  const started = new Date();
  const dir = mkdtempSync(join(os.tmpdir(), 'inps-bench-'));
  try {
    const parts = {
      questionnaire: join(dir, 'questionnaire.md'),
      sheet: join(dir, 'sheet.md'),
      system: join(dir, 'system.md'),
      web: join(dir, 'web.md'),
      scale: join(dir, 'scale.md'),
      observability: join(dir, 'observability.md'),
    };
    run('questionnaire: engine and REST API', 'services/questionnaire/bench/run.ts', ['--out', parts.questionnaire]);
    run('take-away sheet beside the report PDF', 'bench/sheet/run.ts', ['--out', parts.sheet]);
    run('whole system: gateway, federation, monitoring growth, memory', 'bench/system/run.ts', ['--out', parts.system, ...process.argv.slice(2)]);
    run('web client: size and slow-3G load', 'bench/web/run.ts', ['--out', parts.web]);
    run('scale: one process of a kind against two', 'bench/scale/run.ts', ['--out', parts.scale]);
    run('observability: metrics and traces off vs on', 'bench/observability/run.ts', ['--out', parts.observability]);
    const seconds = Math.round((Date.now() - started.getTime()) / 1000);
    const doc = [
      '# Benchmark results',
      '',
      `Run ${started.toISOString()} with \`npm run bench\` (bench/run.ts), ${seconds} s in all; machine: ${machine()}.`,
      'Every figure stands beside a baseline measured in the same run on the same machine, as a ratio; absolute',
      'figures from this shared two-core machine are noisy, the ratios are what to compare. Each part names its',
      'method, versions and load. Other, narrower runs: bench/RESULTS-monitoring.md (`npm run bench -w services/monitoring`)',
      'and bench/RESULTS-gateway.md (the Hive and Apollo gateway runtimes compared).',
      '',
      demote(readFileSync(parts.questionnaire, 'utf8').trim()),
      '',
      demote(readFileSync(parts.sheet, 'utf8').trim()),
      '',
      demote(readFileSync(parts.system, 'utf8').trim()),
      '',
      demote(readFileSync(parts.web, 'utf8').trim()),
      '',
      demote(readFileSync(parts.scale, 'utf8').trim()),
      demote(readFileSync(parts.observability, 'utf8').trim()),
      '',
    ].join('\n');
    writeFileSync(join(root, 'bench', 'RESULTS.md'), doc);
    console.log('\nwrote bench/RESULTS.md');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main();

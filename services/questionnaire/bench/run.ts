/**
 * The questionnaire's benchmarks (engine and REST API), written to `--out` (default
 * bench/RESULTS-questionnaire.md); `npm run bench` (bench/run.ts) puts them into bench/RESULTS.md.
 * Each figure stands beside a baseline measured in the same run on the same machine.
 */
import { execSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { machine } from '../../../bench/lib/load';
import { apiMarkdown, runApiBench } from './api.bench';
import { runEngineBench, toMarkdown } from './engine.bench';

function version(cmd: string): string {
  try {
    return execSync(cmd, { encoding: 'utf8' }).trim().split('\n')[0];
  } catch {
    return 'unknown';
  }
}

async function main(): Promise<void> {
  const started = new Date();
  const load = () => version('cat /proc/loadavg').split(' ').slice(0, 3).join(' ');
  const loadBefore = load();
  console.log('engine benchmark: 100,000 random fact sets…');
  const engine = runEngineBench({ sets: 100_000 });
  console.log(toMarkdown(engine));
  const api: string[] = [];
  for (const concurrency of [50]) {
    console.log(`API benchmark at ${concurrency} concurrent screenings…`);
    const r = await runApiBench({ concurrency, seconds: 20 });
    api.push(apiMarkdown(r));
    console.log(api[api.length - 1]);
  }
  const doc = [
    '# Questionnaire benchmark',
    '',
    `Run ${started.toISOString()} with \`npm run bench -w services/questionnaire\` (part of \`npm run bench\`).`,
    '',
    `- Machine: ${machine()}`,
    `- PostgreSQL: ${version("psql -h 127.0.0.1 -U postgres -Atc 'show server_version'")} (local, 127.0.0.1), Redis ${version('redis-server --version').replace(/.*v=([^ ]+).*/, '$1')}`,
    `- Load average before / after: ${loadBefore} / ${load()} (figures from a busy machine are noisy: compare the ratios, which share the conditions)`,
    '',
    '## Screening engine (it-2026, every benefit, with explanations)',
    '',
    'Method: 100,000 random valid fact sets generated before timing; each evaluation timed on its own with',
    '`process.hrtime.bigint()` after a warm-up. Baselines in the same run: `JSON.stringify` of the same facts',
    '(the least a request handler does with them) and a hand-written three-valued ADI condition (one benefit,',
    'no texts: the price of rules-as-data). Goal: under 20 µs per full evaluation.',
    '',
    toMarkdown(engine),
    '',
    '## A full screening through the REST API against PostgreSQL',
    '',
    'Method: a closed-loop load driver of our own (`bench/lib/load.ts`, keep-alive HTTP, no think time) runs N',
    'virtual users, each starting a self-assessment and answering every question from a random, consistent',
    'persona until the screening completes; 20 s after a warm-up. The API runs in the same process as the driver',
    '(built exactly as in production by `configureApp`, logging silent, queues on Redis). Baseline in the same run,',
    'with the same driver and concurrency: a bare Node `http` server doing one `INSERT` of the JSON body per',
    'request, given as many requests per screening as the API needed on average. Goal: within 2× of the baseline.',
    '',
    ...api,
    '',
  ].join('\n');
  const i = process.argv.indexOf('--out');
  const out = i > 0 && process.argv[i + 1] ? process.argv[i + 1] : join(__dirname, '..', '..', '..', 'bench', 'RESULTS-questionnaire.md');
  writeFileSync(out, doc);
  console.log(`written ${out}`);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});

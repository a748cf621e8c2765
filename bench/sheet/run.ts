/**
 * The take-away sheet (questionnaire) beside the semiannual report's PDF (monitoring), in one run on
 * one machine: render time one at a time and at 20 concurrent, and the memory it takes, for sheets in
 * Italian, Arabic, Chinese and Bengali. Written to `--out` (default bench/RESULTS-sheet.md); part of
 * `npm run bench` (bench/run.ts). Goal: a sheet in under 0.5 s at 20 concurrent (the 95th percentile).
 */
import 'reflect-metadata';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { availableParallelism } from 'node:os';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { Language } from '@inps/kernel';
import { createChartRenderer, renderPdf, sampleSnapshot } from '../../services/monitoring/src/modules/reports/render';
import { compileRuleSet, evaluate, type Facts } from '../../services/questionnaire/src/domain';
import { loadBuiltInRuleSets } from '../../services/questionnaire/src/modules/rulesets/rule-set-files';
import { renderSheet } from '../../services/questionnaire/src/modules/sheets/render/render-sheet';
import { SheetRenderPool } from '../../services/questionnaire/src/modules/sheets/render/sheet-render-pool';
import { loadContacts, loadSheetCatalogue } from '../../services/questionnaire/src/modules/sheets/sheet-catalogue';
import { buildSheetContent } from '../../services/questionnaire/src/modules/sheets/sheet-content';
import { machine } from '../lib/load';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const CONCURRENCY = 20;
const ROUNDS = 5;
const GOAL_MS = 500;
/** As the service renders: SHEET_RENDER_THREADS defaults to the cores available. */
const THREADS = availableParallelism();

/** A family of three with a low income and a rented home: two benefits likely due, several to check. */
const FACTS: Facts = {
  age: 38,
  householdSize: 3,
  minorsInHousehold: 2,
  childrenUnder3: 0,
  youngAdults18to20: 0,
  membersAged60Plus: 0,
  disabledMembers: 0,
  severelyDisabledMembers: 0,
  membersInCareProgramme: 0,
  disabilityPercentage: 0,
  citizenship: 'NON_EU_LONG_TERM',
  yearsOfResidenceInItaly: 9,
  lastTwoYearsContinuous: true,
  hasRegisteredResidence: true,
  hasIsee: true,
  isee: 7400,
  householdIncome: 2500,
  rentsHome: true,
  realEstateExcludingHome: 0,
  financialAssets: 1500,
  recentLargeVehicle: false,
  voluntaryResignationLast12Months: false,
};

interface Measured {
  readonly label: string;
  readonly bytes: number;
  readonly pages: number;
  readonly aloneMs: number;
  readonly p50: number;
  readonly p95: number;
  readonly max: number;
  readonly perSecond: number;
  /** CPU time of the whole process (every thread) per document during the rounds. */
  readonly cpuMs: number;
  readonly heapMiB: number;
  readonly rssMiB: number;
}

const ms = (from: bigint): number => Number(process.hrtime.bigint() - from) / 1e6;
const mib = (bytes: number): number => bytes / 2 ** 20;
const quantile = (sorted: readonly number[], q: number): number => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];

async function measure(label: string, render: () => Promise<Buffer>): Promise<Measured> {
  // Warm-up, not timed: fonts read, code compiled (on every thread of a pool).
  let pdf = await render();
  await Promise.all(Array.from({ length: CONCURRENCY }, render));
  const alone: number[] = [];
  for (let i = 0; i < 10; i++) {
    const t = process.hrtime.bigint();
    pdf = await render();
    alone.push(ms(t));
  }
  gc();
  const base = process.memoryUsage();
  let peakHeap = base.heapUsed;
  let peakRss = base.rss;
  const sampler = setInterval(() => {
    const m = process.memoryUsage();
    peakHeap = Math.max(peakHeap, m.heapUsed);
    peakRss = Math.max(peakRss, m.rss);
  }, 2);
  // Each round: 20 requests arrive at once; a request's time runs from then until its PDF is complete.
  const latencies: number[] = [];
  const started = process.hrtime.bigint();
  const cpu = process.cpuUsage();
  for (let round = 0; round < ROUNDS; round++) {
    const t = process.hrtime.bigint();
    latencies.push(
      ...(await Promise.all(
        Array.from({ length: CONCURRENCY }, async () => {
          await render();
          // Rendering holds the event loop, so the interval alone would miss the peak: sample here too.
          const m = process.memoryUsage();
          peakHeap = Math.max(peakHeap, m.heapUsed);
          peakRss = Math.max(peakRss, m.rss);
          return ms(t);
        }),
      )),
    );
  }
  const total = ms(started);
  const used = process.cpuUsage(cpu);
  clearInterval(sampler);
  latencies.sort((a, b) => a - b);
  alone.sort((a, b) => a - b);
  return {
    label,
    bytes: pdf.length,
    pages: (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length,
    aloneMs: quantile(alone, 0.5),
    p50: quantile(latencies, 0.5),
    p95: quantile(latencies, 0.95),
    max: latencies[latencies.length - 1],
    perSecond: (CONCURRENCY * ROUNDS) / (total / 1000),
    cpuMs: (used.user + used.system) / 1000 / (CONCURRENCY * ROUNDS),
    heapMiB: mib(peakHeap - base.heapUsed),
    rssMiB: mib(peakRss - base.rss),
  };
}

async function main(): Promise<void> {
  const started = new Date();
  const loadavg = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
  const loadBefore = loadavg();
  const definition = loadBuiltInRuleSets().find((d) => d.id === 'it-2026');
  if (!definition) throw new Error('rule set it-2026 not found');
  const ruleSet = compileRuleSet(definition);
  const messages = loadSheetCatalogue();
  const contacts = loadContacts(messages);
  const rows: Measured[] = [];
  const pool = new SheetRenderPool({ threads: THREADS, queue: CONCURRENCY });
  try {
    for (const threads of [THREADS, 0]) {
      for (const language of ['it', 'ar', 'zh', 'bn'] as Language[]) {
        console.log(`sheet (${language}, ${threads ? `${threads} threads` : 'in process'}): ${CONCURRENCY} concurrent × ${ROUNDS}…`);
        // The outcome is evaluated for each sheet, in the language and in Italian, as the service does.
        const render = () => {
          const content = buildSheetContent(
            { language, outcome: evaluate(ruleSet, FACTS, language), italian: evaluate(ruleSet, FACTS, 'it'), resumeCode: 'K7PM3QRT', date: '2026-12-07' },
            messages,
            contacts,
          );
          return threads ? pool.render(content) : renderSheet(content);
        };
        const where = threads ? `pool of ${threads} threads (the service)` : 'one at a time in the process (before the pool)';
        rows.push(await measure(`take-away sheet, ${language}, ${where}`, render));
        console.log(rows[rows.length - 1]);
      }
    }
  } finally {
    await pool.close();
  }
  const charts = createChartRenderer();
  try {
    const snapshot = sampleSnapshot();
    console.log(`report PDF: ${CONCURRENCY} concurrent × ${ROUNDS}…`);
    rows.push(await measure('semiannual report PDF (national sample, with charts)', () => renderPdf(snapshot, 'it', { charts })));
    console.log(rows[rows.length - 1]);
  } finally {
    await charts.close();
  }
  const report = rows[rows.length - 1];
  const f0 = (n: number) => n.toFixed(0);
  const f1 = (n: number) => n.toFixed(1);
  const sheets = rows.filter((r) => r.label.includes('(the service)'));
  const worst = Math.max(...sheets.map((r) => r.p95));
  const doc = [
    '# Take-away sheet beside the report PDF',
    '',
    `Run ${started.toISOString()} with \`npm run bench\` (bench/sheet/run.ts); machine: ${machine()}; load average before / after: ${loadBefore} / ${loadavg()}.`,
    '',
    `Method: in one process, each document is rendered once and then ${CONCURRENCY} at once to warm up (every thread of the pool), then 10 times one after the other (median: "alone"), then`,
    `${ROUNDS} rounds of ${CONCURRENCY} renders started at once (the time of a render runs from the start of its round to its last byte,`,
    `so it includes waiting for the others). Sheets are rendered as the service renders them, on its pool of worker threads (${THREADS}, the cores available,`,
    `the default of SHEET_RENDER_THREADS; the queue holds the ${CONCURRENCY}), and again one at a time on the process's own thread, as before the pool.`,
    `Each sheet is built as the service builds it (the outcome evaluated in the language and in Italian, then laid out and rendered with its QR code);`,
    `the report is monitoring's renderer on its national sample with its four charts, on the process's thread. Memory: the peak above the level after`,
    `a full garbage collection, sampled every 2 ms during the rounds and after each render (garbage not yet collected included: an upper bound); the heap`,
    `is the main thread's only (a pool thread has its own), the RSS includes the threads. CPU per document: the process's CPU time (every thread)`,
    `during the rounds over the documents rendered, which, unlike the times, does not depend on how much of the cores other work leaves. Goal: a sheet within ${GOAL_MS} ms at ${CONCURRENCY} concurrent (95th percentile).`,
    '',
    `| document | size | pages | alone (ms) | p50 at ${CONCURRENCY} (ms) | p95 at ${CONCURRENCY} (ms) | max (ms) | documents/s | CPU per document (ms) | heap peak (MiB) | RSS peak (MiB) |`,
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rows.map(
      (r) =>
        `| ${r.label} | ${f0(r.bytes / 1024)} KiB | ${r.pages} | ${f1(r.aloneMs)} | ${f0(r.p50)} | ${f0(r.p95)} | ${f0(r.max)} | ${f1(r.perSecond)} | ${f1(r.cpuMs)} | ${f1(r.heapMiB)} | ${f1(r.rssMiB)} |`,
    ),
    '',
    `Worst sheet p95 at ${CONCURRENCY} concurrent, as the service renders: ${f0(worst)} ms (goal ${GOAL_MS} ms: ${worst < GOAL_MS ? 'met' : 'NOT met'}); a sheet alone takes ${f1(
      Math.max(...sheets.map((r) => r.aloneMs)) / report.aloneMs,
    )}× the report PDF's time at most. With ${THREADS} cores free, the last of ${CONCURRENCY} sheets would be done after about ${f0(
      Math.ceil(CONCURRENCY / THREADS) * Math.max(...sheets.map((r) => r.cpuMs)),
    )} ms (${Math.ceil(CONCURRENCY / THREADS)} renders a thread at the worst CPU per document above).`,
    '',
  ].join('\n');
  const i = process.argv.indexOf('--out');
  const out = i > 0 && process.argv[i + 1] ? process.argv[i + 1] : join(__dirname, '..', 'RESULTS-sheet.md');
  writeFileSync(out, doc);
  console.log(doc);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});

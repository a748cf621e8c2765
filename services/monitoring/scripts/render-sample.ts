/**
 * Writes the sample reports (JSON, CSV, XLSX, PDF in Italian and English) to a folder, for the
 * internal and the partners' edition of Lazio and of Italy, and prints how long each took.
 *
 *   node -r ts-node/register/transpile-only services/monitoring/scripts/render-sample.ts <folder> [LAZIO|NATIONAL]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createChartRenderer } from '../src/modules/reports/render/chart-renderer';
import { toPartnerView } from '../src/modules/reports/render/partner-view';
import { renderCsv } from '../src/modules/reports/render/render-csv';
import { renderJson } from '../src/modules/reports/render/render-json';
import { renderPdf } from '../src/modules/reports/render/render-pdf';
import { renderXlsx } from '../src/modules/reports/render/render-xlsx';
import { sampleSnapshot, SampleScope } from '../src/modules/reports/render/sample-snapshot';

async function timed<T>(label: string, work: () => Promise<T> | T): Promise<T> {
  const start = performance.now();
  const result = await work();
  process.stdout.write(`  ${label.padEnd(34)} ${(performance.now() - start).toFixed(0).padStart(6)} ms\n`);
  return result;
}

async function main(): Promise<void> {
  const [folder, only] = process.argv.slice(2);
  if (!folder) {
    process.stderr.write('usage: render-sample.ts <output folder> [LAZIO|NATIONAL]\n');
    process.exitCode = 2;
    return;
  }
  mkdirSync(folder, { recursive: true });
  const scopes: SampleScope[] = only === 'LAZIO' || only === 'NATIONAL' ? [only] : ['LAZIO', 'NATIONAL'];
  const charts = createChartRenderer();
  try {
    // The first chart rendering loads vega in the worker; measure it apart from the reports.
    await timed('start chart worker (vega load)', () => charts.render([{ mark: 'point', data: { values: [{}] } }]));
    for (const scope of scopes) {
      const internal = await timed(`${scope} build snapshot`, () => sampleSnapshot(scope));
      const partner = await timed(`${scope} partner view (suppression)`, () => toPartnerView(internal));
      for (const [edition, snapshot] of [
        ['internal', internal],
        ['partner', partner],
      ] as const) {
        const base = path.join(folder, `${scope.toLowerCase()}-${snapshot.meta.semester}-v${snapshot.meta.version}-${edition}`);
        process.stdout.write(`${scope} ${edition}\n`);
        writeFileSync(`${base}.json`, await timed('json', () => renderJson(snapshot)));
        writeFileSync(`${base}.csv`, await timed('csv', () => renderCsv(snapshot)));
        writeFileSync(`${base}.xlsx`, await timed('xlsx', () => renderXlsx(snapshot)));
        writeFileSync(`${base}.it.pdf`, await timed('pdf it (charts + layout)', () => renderPdf(snapshot, 'it', { charts })));
        writeFileSync(`${base}.en.pdf`, await timed('pdf en (charts + layout)', () => renderPdf(snapshot, 'en', { charts })));
      }
    }
  } finally {
    await charts.close();
  }
  process.stdout.write(`written to ${path.resolve(folder)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`render-sample failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});

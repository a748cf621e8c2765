import type { ReportLanguage } from './report-words';

import path from 'node:path';
import { ChartRenderer, renderChartsToSvg } from './chart-renderer';
import { buildChartSpecs } from './charts';
import { buildPdfDefinition, ChartSvgs } from './pdf-definition';
import { assertPartnerSafe } from './partner-view';
import type { ReportSnapshot } from './report-snapshot';

/**
 * pdfmake on the server. Fonts are the Roboto TTFs that pdfmake ships (full Latin coverage:
 * accented Italian letters, €, ▲▼, typographic quotes), loaded from its package folder. The
 * document fetches nothing else: URLs are refused and local reads are limited to that folder,
 * so content coming from data can never make the renderer read a file or call out.
 */

const FONT_DIR = path.join(path.dirname(require.resolve('pdfmake/package.json')), 'fonts', 'Roboto');

type PdfMake = typeof import('pdfmake');

/**
 * pdfmake (and its font engine) is loaded on the first PDF, not with the module: the monitoring API
 * imports this folder for its snapshots and never renders a PDF, so it does not carry pdfmake in memory.
 */
async function loadPdfMake(): Promise<PdfMake> {
  // A CommonJS module: the object it exports is the namespace's `default`, which its typings do not declare.
  const loaded = await import('pdfmake');
  return (loaded as unknown as { default?: PdfMake }).default ?? loaded;
}

function configure(pdfmake: PdfMake): void {
  // pdfmake rewrites the font table it is given, so hand it a fresh one every time.
  pdfmake.setFonts({
    Roboto: {
      normal: path.join(FONT_DIR, 'Roboto-Regular.ttf'),
      bold: path.join(FONT_DIR, 'Roboto-Medium.ttf'),
      italics: path.join(FONT_DIR, 'Roboto-Italic.ttf'),
      bolditalics: path.join(FONT_DIR, 'Roboto-MediumItalic.ttf'),
    },
  });
  pdfmake.setUrlAccessPolicy(() => false);
  pdfmake.setLocalAccessPolicy((file: string) => path.resolve(file).startsWith(FONT_DIR + path.sep));
}

export interface RenderPdfOptions {
  /** Reuse a chart renderer across reports (see createChartRenderer); otherwise one is started and stopped. */
  readonly charts?: ChartRenderer;
}

async function renderChartSvgs(snapshot: ReportSnapshot, lang: ReportLanguage, options: RenderPdfOptions = {}): Promise<ChartSvgs> {
  const specs = buildChartSpecs(snapshot, lang);
  const svgs = options.charts ? await options.charts.render(specs.map((chart) => chart.spec)) : await renderChartsToSvg(specs.map((chart) => chart.spec));
  return Object.fromEntries(specs.map((chart, index) => [chart.id, svgs[index]]));
}

export async function renderPdf(snapshot: ReportSnapshot, lang: ReportLanguage, options: RenderPdfOptions = {}): Promise<Buffer> {
  assertPartnerSafe(snapshot);
  const charts = await renderChartSvgs(snapshot, lang, options);
  const pdfmake = await loadPdfMake();
  configure(pdfmake);
  return pdfmake.createPdf(buildPdfDefinition(snapshot, lang, charts)).getBuffer();
}
